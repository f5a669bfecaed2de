package org.depthlab.tasks;

import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.BadInputException;

/**
 * Multi-hop recall over a context of facts that is dropped before the questions come: the
 * task of the book's consolidation chapter (after the multi-hop graph retrieval of Lee,
 * McLeish, Goldstein and Fanti 2026, "Language Models Need Sleep", §4).
 *
 * <p>The nodes 0 … m−1 are split at random into {@code chains} chains (linked lists of random
 * lengths, at least one node each). The context states one <em>fact</em> per node, "a → b",
 * where b is the next node of a's chain — the last node of a chain, its <em>root</em>, points
 * to itself — and gives the m facts in a random order. Then the context is gone, and every node
 * s is asked for: "which root does s lead to?". The answer is reached by following the facts
 * from s; the number of hops is s's <em>depth</em>, its distance to the root (0 for a root,
 * up to m − chains). A reader that can look up one fact answers depth 0 and 1; every further
 * hop needs another lookup, or a memory in which the lookups were done in advance.
 *
 * <p>Pointer chasing ({@link PointerPuzzle}) asks for k hops from one start with the function
 * in view; here the facts are out of view when the question comes, and every depth is asked at
 * once, so that accuracy can be read per number of hops.
 *
 * @param nodes  m, the number of nodes (and of facts), 2 … 64
 * @param chains the number of chains, 1 … m
 */
public record FactChains(int nodes, int chains) {

    /** The most nodes a task may have. */
    public static final int MAX_NODES = 64;

    public FactChains {
        if (nodes < 2 || nodes > MAX_NODES) {
            throw new BadInputException("--nodes must be between 2 and " + MAX_NODES + ", not " + nodes + ".");
        }
        if (chains < 1 || chains > nodes) {
            throw new BadInputException("--chains must be between 1 and the number of nodes (" + nodes + "), not "
                    + chains + ".");
        }
    }

    /**
     * One context and its answers.
     *
     * @param subjects the facts' first nodes, in the order the context gives them
     * @param objects  the facts' second nodes: objects[i] is the node after subjects[i]
     * @param root     root[s]: the answer for node s
     * @param depth    depth[s]: the hops from s to its root
     */
    public record Story(int[] subjects, int[] objects, int[] root, int[] depth) {

        public Story {
            subjects = subjects.clone();
            objects = objects.clone();
            root = root.clone();
            depth = depth.clone();
        }

        @Override
        public int[] subjects() {
            return subjects.clone();
        }

        @Override
        public int[] objects() {
            return objects.clone();
        }

        @Override
        public int[] root() {
            return root.clone();
        }

        @Override
        public int[] depth() {
            return depth.clone();
        }

        /** The number of facts (= nodes). */
        public int size() {
            return subjects.length;
        }
    }

    /**
     * Stories side by side, as a model reads them: facts sequence after sequence, and every
     * node of every story asked once (question j of sequence b is node j).
     *
     * @param sequences B
     * @param subjects  (B·n) facts' subjects, in each story's order
     * @param objects   (B·n) facts' objects
     * @param questions (B·m) the nodes asked, 0 … m − 1 per sequence
     * @param roots     (B·m) their answers
     * @param depths    (B·m) their hops
     */
    public record Batch(int sequences, int[] subjects, int[] objects, int[] questions, int[] roots, int[] depths) {

        /** The stories of {@code stories} side by side (all of one size). */
        public static Batch of(List<Story> stories) {
            int b = stories.size();
            int m = stories.get(0).size();
            int[] subjects = new int[b * m];
            int[] objects = new int[b * m];
            int[] questions = new int[b * m];
            int[] roots = new int[b * m];
            int[] depths = new int[b * m];
            for (int i = 0; i < b; i++) {
                Story s = stories.get(i);
                if (s.size() != m) {
                    throw new IllegalArgumentException("stories of " + m + " and " + s.size() + " facts in one batch");
                }
                System.arraycopy(s.subjects, 0, subjects, i * m, m);
                System.arraycopy(s.objects, 0, objects, i * m, m);
                System.arraycopy(s.root, 0, roots, i * m, m);
                System.arraycopy(s.depth, 0, depths, i * m, m);
                for (int node = 0; node < m; node++) {
                    questions[i * m + node] = node;
                }
            }
            return new Batch(b, subjects, objects, questions, roots, depths);
        }

        /** Questions per sequence. */
        public int perSequence() {
            return questions.length / sequences;
        }
    }

    /** The deepest a node can be: all but one node of every other chain in one chain. */
    public int maxDepth() {
        return nodes - chains;
    }

    /** A random story: random chains, the facts in a random order. */
    public Story generate(SplittableRandom rng) {
        int m = nodes;
        int[] order = permutation(m, rng);
        // chains − 1 distinct cut points in 1 … m − 1 split the shuffled nodes into chains.
        boolean[] cut = new boolean[m];
        int[] cuts = permutation(m - 1, rng);
        for (int i = 0; i < chains - 1; i++) {
            cut[cuts[i] + 1] = true;
        }
        int[] next = new int[m];
        int[] root = new int[m];
        int[] depth = new int[m];
        int start = 0;
        for (int end = 1; end <= m; end++) {
            if (end == m || cut[end]) {
                int last = order[end - 1];
                for (int x = start; x < end; x++) {
                    int node = order[x];
                    next[node] = x + 1 < end ? order[x + 1] : node;
                    root[node] = last;
                    depth[node] = end - 1 - x;
                }
                start = end;
            }
        }
        int[] told = permutation(m, rng);
        int[] subjects = new int[m];
        int[] objects = new int[m];
        for (int i = 0; i < m; i++) {
            subjects[i] = told[i];
            objects[i] = next[told[i]];
        }
        return new Story(subjects, objects, root, depth);
    }

    private static int[] permutation(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
