import java.util.ArrayList;
import java.util.List;

/**
 * Single-head causal attention, all at once and one decoding step at a time with a KV cache.
 */
public final class CachedAttention {

    /** The keys and values of the positions seen so far. */
    public static final class Cache {
        final List<double[]> keys = new ArrayList<>();
        final List<double[]> values = new ArrayList<>();

        /** How many positions the cache holds. */
        public int length() {
            return keys.size();
        }
    }

    private CachedAttention() {
    }

    /** o_t = sum over s <= t of softmax_s(q_t . k_s / sqrt(d)) v_s, for every t. */
    public static double[][] full(double[][] q, double[][] k, double[][] v) {
        throw new UnsupportedOperationException("full is not written yet");
    }

    /** Appends (k, v) to the cache and returns the new position's output. */
    public static double[] step(Cache cache, double[] q, double[] k, double[] v) {
        throw new UnsupportedOperationException("step is not written yet");
    }
}
