package org.depthlab.solve;

/**
 * k-hop pointer chasing by repeated squaring: the node reached from {@code start} after k
 * applications of a function f on m nodes, computed with about log₂ k compositions
 * f ↦ f∘f instead of k sequential hops.
 *
 * <p>Write k in binary, k = Σ bᵢ2ⁱ. Then f^k = ∏ (f^(2ⁱ))^bᵢ, and f^(2^(i+1)) = f^(2ⁱ)∘f^(2ⁱ).
 * It is the classical reason why k hops need only O(log k) sequential rounds when each round
 * may compose whole functions — the depth argument the book's pointer-chasing ladder is about.
 * The direct k-step iteration is the test's independent check.
 */
public final class PointerChasing {

    private PointerChasing() {
    }

    /** The node reached from {@code start} after {@code hops} applications of {@code next}. */
    public static int follow(int[] next, int start, long hops) {
        if (hops < 0) {
            throw new IllegalArgumentException("hops must be at least 0, not " + hops);
        }
        int[] power = next.clone(); // f^(2^i)
        int node = start;
        for (long k = hops; k > 0; k >>= 1) {
            if ((k & 1) != 0) {
                node = power[node];
            }
            if (k > 1) {
                int[] squared = new int[power.length];
                for (int i = 0; i < power.length; i++) {
                    squared[i] = power[power[i]];
                }
                power = squared;
            }
        }
        return node;
    }
}
