package org.depthlab.tasks;

import java.util.SplittableRandom;
import org.depthlab.BadInputException;

/**
 * A compositional task with two subroutines whose ground truth is known: follow a pointer k
 * hops, then apply a fixed permutation — the task of the book's chapter 13, built to ask the
 * question of Lepori, Serre and Pavlick (NeurIPS 2023, "Break It Down"): does a network trained
 * on a composition keep its two parts in separate weights?
 *
 * <p>A function {@code next} on nodes 0 … m−1 (uniformly random, as in {@link PointerPuzzle}),
 * a start node s, a fixed permutation π of the nodes (the same for every example of a task:
 * part of what is learned), and a <em>mode</em> that says which subroutines to run:
 * <ul>
 *   <li>{@link Mode#HOP} — subroutine A alone: next^k(s);</li>
 *   <li>{@link Mode#PERMUTE} — subroutine B alone: π(s);</li>
 *   <li>{@link Mode#BOTH} — the composition: π(next^k(s)).</li>
 * </ul>
 * A model is trained on all three; a subnetwork for A is then looked for with examples of
 * {@code HOP}, one for B with examples of {@code PERMUTE}, and each is ablated to see which
 * mode it breaks.
 *
 * <p><b>Tokens</b> (m + 3 positions, vocabulary m + 5): positions 0 … m−1 hold next(0) …
 * next(m−1), position m the start, position m + 1 the mode, position m + 2 the answer slot
 * (blank in the input). Node v is token v + 2 ({@link Tokens#ofValue}); mode i is token m + 2 + i.
 * The target labels the answer slot only.
 *
 * @param nodes           m, 2 … 64
 * @param hops            k, at least 1
 * @param permutationSeed draws π: two tasks with different seeds differ only in π (a "related task")
 */
public record ComposedPointer(int nodes, int hops, long permutationSeed) {

    /** Which subroutines an example asks for. */
    public enum Mode {
        /** Subroutine A: next^k(start). */
        HOP,
        /** Subroutine B: π(start). */
        PERMUTE,
        /** A, then B: π(next^k(start)). */
        BOTH
    }

    public ComposedPointer {
        if (nodes < 2 || nodes > 64) {
            throw new BadInputException("--nodes must be between 2 and 64, not " + nodes + ".");
        }
        if (hops < 1) {
            throw new BadInputException("--hops must be at least 1, not " + hops + ".");
        }
    }

    /**
     * One example: its input tokens and the node that answers it.
     *
     * @param tokens the input, m + 3 tokens
     * @param answer the answer node
     * @param mode   what it asks for
     */
    public record Example(int[] tokens, int answer, Mode mode) {

        public Example {
            tokens = tokens.clone();
        }

        @Override
        public int[] tokens() {
            return tokens.clone();
        }
    }

    /** Positions per example. */
    public int sequenceLength() {
        return nodes + 3;
    }

    /** Tokens: PAD, blank, m nodes, three modes. */
    public int vocabularySize() {
        return nodes + 5;
    }

    /** The position of the answer slot. */
    public int answerPosition() {
        return nodes + 2;
    }

    /** The fixed permutation π: {@code permutation()[v]} = π(v). */
    public int[] permutation() {
        SplittableRandom rng = new SplittableRandom(permutationSeed);
        int[] p = new int[nodes];
        for (int i = 0; i < nodes; i++) {
            p[i] = i;
        }
        for (int i = nodes - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** A random example of the given mode. */
    public Example generate(Mode mode, SplittableRandom rng) {
        int[] next = new int[nodes];
        for (int i = 0; i < nodes; i++) {
            next[i] = rng.nextInt(nodes);
        }
        int start = rng.nextInt(nodes);
        int reached = start;
        if (mode != Mode.PERMUTE) {
            for (int h = 0; h < hops; h++) {
                reached = next[reached];
            }
        }
        int answer = mode == Mode.HOP ? reached : permutation()[reached];
        int[] tokens = new int[sequenceLength()];
        for (int i = 0; i < nodes; i++) {
            tokens[i] = Tokens.ofValue(next[i]);
        }
        tokens[nodes] = Tokens.ofValue(start);
        tokens[nodes + 1] = nodes + 2 + mode.ordinal();
        tokens[nodes + 2] = Tokens.BLANK;
        return new Example(tokens, answer, mode);
    }

    /** A random example whose mode is drawn uniformly from {@code modes}. */
    public Example generate(Mode[] modes, SplittableRandom rng) {
        return generate(modes[rng.nextInt(modes.length)], rng);
    }
}
