package org.depthlab.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.depthlab.BadInputException;
import org.depthlab.testing.Props;
import org.junit.jupiter.api.Test;

/** Fact chains: every story is a forest of the asked-for number of chains, and its answers follow the facts. */
class FactChainsTest {

    @Test
    void followingTheFactsDepthTimesReachesTheRoot() {
        Props.qt(200).forAll(integers().between(2, 20), integers().between(1, 20), longs().all())
                .checkAssert((nodes, chainsWanted, seed) -> {
                    int chains = Math.min(chainsWanted, nodes);
                    FactChains task = new FactChains(nodes, chains);
                    FactChains.Story s = task.generate(new SplittableRandom(seed));
                    int[] next = new int[nodes];
                    boolean[] told = new boolean[nodes];
                    for (int i = 0; i < nodes; i++) {
                        assertTrue(!told[s.subjects()[i]], "node " + s.subjects()[i] + " has two facts");
                        told[s.subjects()[i]] = true;
                        next[s.subjects()[i]] = s.objects()[i];
                    }
                    int roots = 0;
                    for (int node = 0; node < nodes; node++) {
                        int at = node;
                        for (int hop = 0; hop < s.depth()[node]; hop++) {
                            assertTrue(next[at] != at, "a root inside the chain of " + node);
                            at = next[at];
                        }
                        assertEquals(s.root()[node], at, "node " + node);
                        assertEquals(at, next[at], "the root of " + node + " does not point to itself");
                        assertTrue(s.depth()[node] <= task.maxDepth());
                        roots += s.depth()[node] == 0 ? 1 : 0;
                    }
                    assertEquals(chains, roots, "one root per chain");
                });
    }

    @Test
    void theSameSeedGivesTheSameStory() {
        FactChains task = new FactChains(10, 3);
        FactChains.Story a = task.generate(new SplittableRandom(4));
        FactChains.Story b = task.generate(new SplittableRandom(4));
        assertEquals(java.util.Arrays.toString(a.subjects()) + java.util.Arrays.toString(a.objects()),
                java.util.Arrays.toString(b.subjects()) + java.util.Arrays.toString(b.objects()));
    }

    @Test
    void sizesOutsideTheRangeAreRefusedInASentence() {
        assertThrows(BadInputException.class, () -> new FactChains(1, 1));
        assertThrows(BadInputException.class, () -> new FactChains(5, 6));
        assertThrows(BadInputException.class, () -> new FactChains(5, 0));
    }
}
