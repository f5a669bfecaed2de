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
        double[][] out = new double[q.length][];
        for (int t = 0; t < q.length; t++) {
            out[t] = attend(q[t], k, v, t + 1);
        }
        return out;
    }

    /** Appends (k, v) to the cache and returns the new position's output. */
    public static double[] step(Cache cache, double[] q, double[] k, double[] v) {
        cache.keys.add(k.clone());
        cache.values.add(v.clone());
        return attend(q, cache.keys.toArray(double[][]::new), cache.values.toArray(double[][]::new), cache.length());
    }

    /** The scaled score q . k / sqrt(d). */
    private static double attendScore(double[] q, double[] k) {
        double s = 0;
        for (int i = 0; i < q.length; i++) {
            s += q[i] * k[i];
        }
        return s / Math.sqrt(q.length);
    }

    /** The query's output over the first {@code upTo} keys and values (a stable softmax). */
    private static double[] attend(double[] q, double[][] k, double[][] v, int upTo) {
        double[] scores = new double[upTo];
        double max = Double.NEGATIVE_INFINITY;
        for (int s = 0; s < upTo; s++) {
            scores[s] = attendScore(q, k[s]);
            max = Math.max(max, scores[s]);
        }
        double total = 0;
        for (int s = 0; s < upTo; s++) {
            scores[s] = Math.exp(scores[s] - max);
            total += scores[s];
        }
        double[] o = new double[v[0].length];
        for (int s = 0; s < upTo; s++) {
            double a = scores[s] / total;
            for (int i = 0; i < o.length; i++) {
                o[i] += a * v[s][i];
            }
        }
        return o;
    }
}
