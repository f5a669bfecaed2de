package org.depthlab.tasks;

import java.util.SplittableRandom;
import org.depthlab.BadInputException;

/**
 * k-hop pointer chasing on m nodes with a fixed k: uniformly random functions and start
 * nodes, the one-line format and tokens of {@link PointerPuzzle}.
 *
 * @param nodes m, the number of nodes (at least 1)
 * @param hops k, the number of hops (at least 0)
 */
public record PointerTask(int nodes, int hops) implements Task {

    /** Nodes when none are asked for. */
    public static final int DEFAULT_NODES = 16;

    /** Hops when none are asked for. */
    public static final int DEFAULT_HOPS = 4;

    public PointerTask {
        if (nodes < 1 || nodes > 4096) {
            throw new BadInputException("--nodes must be between 1 and 4096, not " + nodes + ".");
        }
        if (hops < 0) {
            throw new BadInputException("--hops must be at least 0, not " + hops + ".");
        }
    }

    @Override
    public String name() {
        return "pointer";
    }

    @Override
    public int sequenceLength() {
        return nodes + 2;
    }

    @Override
    public int vocabularySize() {
        return nodes + 2;
    }

    @Override
    public PointerPuzzle generate(SplittableRandom rng) {
        return PointerPuzzle.random(nodes, hops, rng);
    }

    @Override
    public PointerPuzzle parse(String text) {
        return fit(PointerPuzzle.parse(text));
    }

    @Override
    public PointerPuzzle decode(int[] inputTokens) {
        Tokens.requireLength(this, inputTokens);
        int[] next = new int[nodes];
        for (int i = 0; i < nodes; i++) {
            next[i] = node(inputTokens[i], i);
        }
        return new PointerPuzzle(next, node(inputTokens[nodes], nodes), hops);
    }

    private int node(int token, int position) {
        int v = Tokens.valueOf(token, nodes);
        if (v < 0) {
            throw new BadInputException("token " + token + " at position " + position + " is not a node 0.." + (nodes - 1) + ".");
        }
        return v;
    }

    private PointerPuzzle fit(PointerPuzzle p) {
        if (p.nodes() != nodes || p.hops() != hops) {
            throw new BadInputException("expected " + nodes + " nodes and " + hops + " hops but the puzzle has "
                    + p.nodes() + " nodes and " + p.hops() + " hops.");
        }
        return p;
    }
}
