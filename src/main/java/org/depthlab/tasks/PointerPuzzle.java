package org.depthlab.tasks;

import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import org.depthlab.BadInputException;
import org.depthlab.solve.Csp;
import org.depthlab.solve.PointerChasing;

/**
 * k-hop pointer chasing: a function {@code next} on nodes 0..m−1 and a start node; the answer
 * is the node reached after k hops, next^k(start). The hop count k is the depth knob of the
 * book's depth ladder: each hop depends on the one before.
 *
 * <p><b>Tokens</b> (m + 2 positions, vocabulary m + 2; node v is token v + 2): positions
 * 0..m−1 hold next(0)..next(m−1), position m holds the start, position m+1 is the answer slot
 * (blank in the input). The target labels only the answer slot; all other positions are PAD.
 * The hop count is not in the tokens: it is a property of the task, the same for every
 * puzzle a model sees.
 *
 * <p><b>Text.</b> One line: {@code next=1,4,0,3,2 start=2 hops=3} (fields in any order,
 * separated by spaces). The answer is written as the node number.
 *
 * @param next the function, next[i] in 0..m−1
 * @param start the start node
 * @param hops k, at least 0
 */
public record PointerPuzzle(int[] next, int start, int hops) implements Puzzle {

    public PointerPuzzle {
        next = next.clone();
        int m = next.length;
        if (m < 1) {
            throw new BadInputException("a pointer-chasing puzzle needs at least one node.");
        }
        for (int i = 0; i < m; i++) {
            if (next[i] < 0 || next[i] >= m) {
                throw new BadInputException("next(" + i + ") = " + next[i] + " is not a node 0.." + (m - 1) + ".");
            }
        }
        if (start < 0 || start >= m) {
            throw new BadInputException("start " + start + " is not a node 0.." + (m - 1) + ".");
        }
        if (hops < 0) {
            throw new BadInputException("hops must be at least 0, not " + hops + ".");
        }
    }

    /** A uniformly random function on {@code nodes} nodes and a random start. */
    public static PointerPuzzle random(int nodes, int hops, SplittableRandom rng) {
        int[] next = new int[nodes];
        for (int i = 0; i < nodes; i++) {
            next[i] = rng.nextInt(nodes);
        }
        return new PointerPuzzle(next, rng.nextInt(nodes), hops);
    }

    /**
     * Reads the one-line format.
     *
     * @throws BadInputException naming a missing, repeated or malformed field
     */
    public static PointerPuzzle parse(String line) {
        int[] next = null;
        Integer start = null;
        Integer hops = null;
        for (String field : line.strip().split("\\s+")) {
            int eq = field.indexOf('=');
            String key = eq < 0 ? field : field.substring(0, eq);
            String value = eq < 0 ? "" : field.substring(eq + 1);
            switch (key) {
                case "next":
                    if (next != null) {
                        throw new BadInputException("the field next= appears twice.");
                    }
                    String[] parts = value.split(",", -1);
                    next = new int[parts.length];
                    for (int i = 0; i < parts.length; i++) {
                        next[i] = number(parts[i], "next");
                    }
                    break;
                case "start":
                    if (start != null) {
                        throw new BadInputException("the field start= appears twice.");
                    }
                    start = number(value, "start");
                    break;
                case "hops":
                    if (hops != null) {
                        throw new BadInputException("the field hops= appears twice.");
                    }
                    hops = number(value, "hops");
                    break;
                default:
                    throw new BadInputException("unknown field '" + field
                            + "'; expected next=a,b,... start=s hops=k.");
            }
        }
        if (next == null || start == null || hops == null) {
            String missing = next == null ? "next" : start == null ? "start" : "hops";
            throw new BadInputException("the field " + missing + "= is missing; expected next=a,b,... start=s hops=k.");
        }
        return new PointerPuzzle(next, start, hops);
    }

    private static int number(String s, String field) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new BadInputException("'" + s + "' in " + field + "= is not a whole number.");
        }
    }

    /** The number of nodes m. */
    public int nodes() {
        return next.length;
    }

    @Override
    public int[] next() {
        return next.clone();
    }

    /** next^k(start), by repeated squaring ({@link PointerChasing}). */
    public int answer() {
        return PointerChasing.follow(next, start, hops);
    }

    @Override
    public String taskName() {
        return "pointer";
    }

    @Override
    public int sequenceLength() {
        return next.length + 2;
    }

    @Override
    public int vocabularySize() {
        return next.length + 2;
    }

    @Override
    public int[] inputTokens() {
        int m = next.length;
        int[] t = new int[m + 2];
        for (int i = 0; i < m; i++) {
            t[i] = Tokens.ofValue(next[i]);
        }
        t[m] = Tokens.ofValue(start);
        t[m + 1] = Tokens.BLANK;
        return t;
    }

    @Override
    public int[] targetTokens() {
        int[] t = new int[next.length + 2];
        t[next.length + 1] = Tokens.ofValue(answer());
        return t;
    }

    /** Correct iff the answer slot holds the answer; the other positions are not judged. */
    @Override
    public boolean isCorrect(int[] answerTokens) {
        return answerTokens.length == sequenceLength()
                && answerTokens[next.length + 1] == Tokens.ofValue(answer());
    }

    /** Renames the nodes by a random permutation π: next' = π∘next∘π⁻¹, start' = π(start). */
    @Override
    public PointerPuzzle augment(SplittableRandom rng) {
        int m = next.length;
        int[] pi = new int[m];
        for (int i = 0; i < m; i++) {
            pi[i] = i;
        }
        SudokuTransform.shuffle(pi, 0, m - 1, rng);
        return relabel(pi);
    }

    /** The puzzle with node i renamed pi[i]. */
    public PointerPuzzle relabel(int[] pi) {
        int[] n2 = new int[next.length];
        for (int i = 0; i < next.length; i++) {
            n2[pi[i]] = pi[next[i]];
        }
        return new PointerPuzzle(n2, pi[start], hops);
    }

    @Override
    public String format() {
        StringBuilder b = new StringBuilder("next=");
        for (int i = 0; i < next.length; i++) {
            b.append(i > 0 ? "," : "").append(next[i]);
        }
        return b.append(" start=").append(start).append(" hops=").append(hops).toString();
    }

    /** The node in the answer slot, or '?' if the slot holds no node. */
    @Override
    public String formatAnswer(int[] answerTokens) {
        int v = answerTokens.length == sequenceLength()
                ? Tokens.valueOf(answerTokens[next.length + 1], next.length) : -1;
        return v < 0 ? "?" : Integer.toString(v);
    }

    /** Colour refinement of the functional graph, the start marked; renaming nodes cannot change it. */
    @Override
    public String fingerprint() {
        return Fingerprints.pointer(next, start, hops);
    }

    @Override
    public Optional<Csp> constraints() {
        return Optional.empty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PointerPuzzle && Arrays.equals(((PointerPuzzle) o).next, next)
                && ((PointerPuzzle) o).start == start && ((PointerPuzzle) o).hops == hops;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(next) * 31 + start * 17 + hops;
    }

    @Override
    public String toString() {
        return format();
    }
}
