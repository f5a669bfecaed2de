package org.depthlab.claims;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.tasks.FactChains;

/** Random contexts of facts for the consolidation claims: stories on {@code nodes} nodes in a random number of chains. */
final class FactChainsDraw {

    private FactChainsDraw() {
    }

    /** {@code count} stories of one random task on {@code nodes} nodes. */
    static List<FactChains.Story> stories(int nodes, int count, SplittableRandom rng) {
        FactChains task = new FactChains(nodes, 1 + rng.nextInt(nodes));
        List<FactChains.Story> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            all.add(task.generate(rng));
        }
        return all;
    }
}
