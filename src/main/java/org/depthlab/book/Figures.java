package org.depthlab.book;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.depthlab.experiments.Figure.Scale;
import org.depthlab.experiments.Figure.Series;
import org.depthlab.experiments.Plot;
import org.depthlab.experiments.Ticks;
import org.depthlab.experiments.SvgCanvas;
import org.depthlab.models.Decoder;
import org.depthlab.models.DecoderConfig;
import org.depthlab.models.DecodingState;
import org.depthlab.models.HrmConfig;
import org.depthlab.models.LoopedConfig;
import org.depthlab.models.Positions;
import org.depthlab.models.RefinementModel;
import org.depthlab.models.TransformerConfig;
import org.depthlab.models.TrmConfig;
import org.depthlab.tensor.Meter;
import org.depthlab.tensor.Tape;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;

/**
 * The book's figures that are measured, not trained: each is computed in a second or two by
 * running small models on a metered tape (or iterating a map), printed as a table by
 * {@code depthlab book figure NAME} and drawn as {@code book/images/NAME.svg} by the lab's
 * {@link Plot}, like the lab's own figures. Everything is seeded, so the table and the SVG are
 * the same bytes on every run — a test regenerates each committed figure and compares.
 *
 * <p>The models are tiny (hidden 8, two heads): depth and memory are counted exactly and do
 * not depend on width, and the counts are the claims of chapters 1, 4, 5, 8 and 14.
 */
public final class Figures {

    /** A figure: its data as a table and as a chart. */
    public record Figure(String name, String description, List<String> columns, List<double[]> rows,
                         org.depthlab.experiments.Figure chart) {

        /** The chart as the SVG document committed as {@code book/images/NAME.svg}. */
        public String svg() {
            return SvgCanvas.render(chart);
        }

        /** The data, one row per x, columns aligned, numbers as the chart uses them. */
        public String table() {
            int[] widths = new int[columns.size()];
            List<String[]> cells = new ArrayList<>();
            cells.add(columns.toArray(String[]::new));
            for (double[] r : rows) {
                String[] c = new String[r.length];
                for (int i = 0; i < r.length; i++) {
                    c[i] = format(r[i]);
                }
                cells.add(c);
            }
            for (String[] c : cells) {
                for (int i = 0; i < c.length; i++) {
                    widths[i] = Math.max(widths[i], c[i].length());
                }
            }
            StringBuilder b = new StringBuilder();
            for (String[] c : cells) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < c.length; i++) {
                    String cell = i == 0 ? pad(c[i], widths[i], false) : pad(c[i], widths[i], true);
                    line.append(i == 0 ? "" : "  ").append(cell);
                }
                b.append(line.toString().stripTrailing()).append('\n');
            }
            return b.toString();
        }

        private static String format(double v) {
            if (v == Math.rint(v) && Math.abs(v) < 1e15) {
                return String.format(Locale.ROOT, "%,d", (long) v);
            }
            return String.format(Locale.ROOT, "%.3g", v);
        }

        private static String pad(String s, int width, boolean right) {
            String fill = " ".repeat(Math.max(0, width - s.length()));
            return right ? fill + s : s + fill;
        }
    }

    private static final Map<String, String> DESCRIPTIONS = new LinkedHashMap<>();

    static {
        DESCRIPTIONS.put("depth-by-length", "layer applications of one answer against its length: refinement models and a decoder");
        DESCRIPTIONS.put("tape-memory", "bytes kept for backward against recurrent steps: full back-propagation and the one-step gradient");
        DESCRIPTIONS.put("contraction", "distance between two runs of z <- tanh(Wz) + x from different starts, against steps");
        DESCRIPTIONS.put("kv-cache", "FLOPs of decoding m tokens with and without the KV cache");
        DESCRIPTIONS.put("width-depth", "sequential depth and FLOPs of N samples, side by side and one after another");
    }

    private Figures() {
    }

    /** Every figure's name and what it shows, in the order of the book. */
    public static Map<String, String> names() {
        return java.util.Collections.unmodifiableMap(DESCRIPTIONS);
    }

    /** The figure called {@code name}, computed; empty if there is none. */
    public static Optional<Figure> compute(String name) {
        return Optional.ofNullable(switch (name) {
            case "depth-by-length" -> depthByLength();
            case "tape-memory" -> tapeMemory();
            case "contraction" -> contraction();
            case "kv-cache" -> kvCache();
            case "width-depth" -> WidthFigure.widthDepth();
            default -> null;
        });
    }

    private static final int VOCAB = 5;
    private static final int HIDDEN = 8;
    private static final int HEADS = 2;
    private static final double EXPANSION = 2.0;
    private static final long SEED = 1;

    /** The layer depth of one segment's logits (refinement models) at every length 1..12, and a decoder's. */
    private static Figure depthByLength() {
        int most = 12;
        List<String> names = List.of("transformer, L = 4", "looped, L = 2, K = 3", "HRM, N = T = 2, |L| = |H| = 1",
                "decoder, L = 2");
        List<IntFunction<Integer>> depth = List.of(
                n -> segmentDepth(new TransformerConfig(VOCAB, n, HIDDEN, HEADS, EXPANSION, 4, Positions.ROPE).build(SEED)),
                n -> segmentDepth(new LoopedConfig(VOCAB, n, HIDDEN, HEADS, EXPANSION, 2, 3).build(SEED)),
                n -> segmentDepth(new HrmConfig(VOCAB, n, HIDDEN, HEADS, EXPANSION, 1, 1, 2, 2).build(SEED)),
                n -> lastTokenDepth(n));
        List<double[]> rows = new ArrayList<>();
        for (int n = 1; n <= most; n++) {
            double[] r = new double[names.size() + 1];
            r[0] = n;
            for (int m = 0; m < names.size(); m++) {
                r[m + 1] = depth.get(m).apply(n);
            }
            rows.add(r);
        }
        List<String> columns = new ArrayList<>(List.of("length"));
        columns.addAll(names);
        return figure("depth-by-length", columns, rows, "Sequential depth of an answer", "length (positions)",
                "layer applications", Scale.LINEAR);
    }

    private static int segmentDepth(RefinementModel model) {
        Tape tape = Tape.metered(new Meter());
        int[] inputs = new SplittableRandom(SEED).ints(model.seqLen(), 0, VOCAB).toArray();
        return tape.noGrad(() -> model.segment(tape, model.initialCarry(1), inputs)).logits().layerDepth();
    }

    /** The depth of the scores from which a decoder writing every one of n positions picks its last token. */
    private static int lastTokenDepth(int n) {
        Decoder decoder = new DecoderConfig(VOCAB, n, HIDDEN, HEADS, EXPANSION, 2, Positions.ROPE).build(SEED);
        Tape tape = Tape.metered(new Meter());
        int[] inputs = new SplittableRandom(SEED).ints(n, 0, VOCAB).toArray();
        return tape.noGrad(() -> {
            DecodingState state = decoder.start(tape, inputs, true);
            for (int t = 1; t < n; t++) {
                state = decoder.next(tape, state, new int[] {1});
            }
            return state.scores().layerDepth();
        });
    }

    /** Bytes kept for backward by one recorded segment, at 1..8 recurrent steps. */
    private static Figure tapeMemory() {
        int most = 8;
        int len = 4;
        List<String> names = List.of("looped, K = s (full back-propagation)", "TRM, n = s (its last recursion in full)",
                "HRM, N = 1, T = s (one-step gradient)");
        List<IntFunction<RefinementModel>> models = List.of(
                s -> new LoopedConfig(VOCAB, len, HIDDEN, HEADS, EXPANSION, 1, s).build(SEED),
                s -> new TrmConfig(VOCAB, len, HIDDEN, HEADS, EXPANSION, 1, 1, s, false).build(SEED),
                s -> new HrmConfig(VOCAB, len, HIDDEN, HEADS, EXPANSION, 1, 1, 1, s).build(SEED));
        List<double[]> rows = new ArrayList<>();
        for (int s = 1; s <= most; s++) {
            double[] r = new double[names.size() + 1];
            r[0] = s;
            for (int m = 0; m < names.size(); m++) {
                RefinementModel model = models.get(m).apply(s);
                Tape tape = new Tape();
                int[] inputs = new SplittableRandom(SEED).ints(model.seqLen(), 0, VOCAB).toArray();
                model.segment(tape, model.initialCarry(1), inputs);
                r[m + 1] = tape.bytesRetained();
            }
            rows.add(r);
        }
        List<String> columns = new ArrayList<>(List.of("steps s"));
        columns.addAll(names);
        return figure("tape-memory", columns, rows, "Memory kept for the backward pass", "recurrent steps s",
                "bytes kept", Scale.LINEAR);
    }

    /**
     * ‖z_k − z'_k‖ for two starts of z ← tanh(Wz) + x: under a contraction (W scaled to spectral
     * norm 0.5), beside the bound 0.5^k·d₀, and under W = 3·I, which is not one — tanh(3z) has
     * two stable fixed points per coordinate, and starts of opposite signs settle on different ones.
     */
    private static Figure contraction() {
        int n = 5;
        int steps = 20;
        SplittableRandom rng = new SplittableRandom(SEED);
        DMatrixRMaj w = new DMatrixRMaj(n, n);
        for (int i = 0; i < w.data.length; i++) {
            w.data[i] = rng.nextGaussian();
        }
        CommonOps_DDRM.scale(0.5 / NormOps_DDRM.normP2(w), w);
        DMatrixRMaj expansive = CommonOps_DDRM.identity(n);
        CommonOps_DDRM.scale(3.0, expansive);
        DMatrixRMaj x = vector(rng, n);
        CommonOps_DDRM.scale(0.1, x);
        DMatrixRMaj a = vector(rng, n);
        DMatrixRMaj b = a.copy();
        CommonOps_DDRM.scale(-1, b);
        DMatrixRMaj[] maps = {w, expansive};
        double[][] distance = new double[maps.length][steps + 1];
        for (int g = 0; g < maps.length; g++) {
            DMatrixRMaj za = a.copy();
            DMatrixRMaj zb = b.copy();
            for (int k = 0; k <= steps; k++) {
                distance[g][k] = NormOps_DDRM.normF(diff(za, zb));
                za = step(maps[g], za, x);
                zb = step(maps[g], zb, x);
            }
        }
        double d0 = distance[0][0];
        List<double[]> rows = new ArrayList<>();
        for (int k = 0; k <= steps; k++) {
            rows.add(new double[] {k, distance[0][k], d0 * Math.pow(0.5, k), distance[1][k]});
        }
        List<String> names = List.of("||W|| = 0.5 (a contraction)", "the bound 0.5^k * d0", "W = 3 I (not a contraction)");
        List<String> columns = new ArrayList<>(List.of("step k"));
        columns.addAll(names);
        return figure("contraction", columns, rows, "Two starts of z <- tanh(Wz) + x", "step k",
                "distance between the two runs (log scale)", Scale.LOG10);
    }

    private static DMatrixRMaj vector(SplittableRandom rng, int n) {
        DMatrixRMaj v = new DMatrixRMaj(n, 1);
        for (int i = 0; i < n; i++) {
            v.data[i] = 2 * rng.nextDouble() - 1;
        }
        return v;
    }

    private static DMatrixRMaj diff(DMatrixRMaj a, DMatrixRMaj b) {
        DMatrixRMaj d = new DMatrixRMaj(a.numRows, 1);
        CommonOps_DDRM.subtract(a, b, d);
        return d;
    }

    /** z ← tanh(W z) + x. */
    private static DMatrixRMaj step(DMatrixRMaj w, DMatrixRMaj z, DMatrixRMaj x) {
        DMatrixRMaj out = new DMatrixRMaj(z.numRows, 1);
        CommonOps_DDRM.mult(w, z, out);
        for (int i = 0; i < out.data.length; i++) {
            out.data[i] = Math.tanh(out.data[i]) + x.data[i];
        }
        return out;
    }

    /** FLOPs of reading a 16-position puzzle and writing m = 1..15 answer tokens, with and without the cache. */
    private static Figure kvCache() {
        int positions = 16;
        Decoder decoder = new DecoderConfig(VOCAB, positions, HIDDEN, HEADS, EXPANSION, 2, Positions.ROPE).build(SEED);
        int[] inputs = new SplittableRandom(SEED).ints(positions, 0, VOCAB).toArray();
        List<double[]> rows = new ArrayList<>();
        // The last of the 16 tokens is written without a model call (nothing is left to score).
        for (int m = 1; m < positions; m++) {
            rows.add(new double[] {m, decodingFlops(decoder, inputs, m, true), decodingFlops(decoder, inputs, m, false)});
        }
        List<String> columns = List.of("tokens m", "FLOPs with the cache", "FLOPs without");
        return figure("kv-cache", columns, rows, "Decoding m tokens: what the KV cache saves", "answer tokens written m",
                "FLOPs", Scale.LINEAR, List.of("with the KV cache", "without (every step reruns the stream)"));
    }

    private static long decodingFlops(Decoder decoder, int[] inputs, int m, boolean cached) {
        Meter meter = new Meter();
        Tape tape = Tape.metered(meter);
        tape.noGrad(() -> {
            DecodingState state = decoder.start(tape, inputs, cached);
            for (int t = 0; t < m; t++) {
                state = decoder.next(tape, state, new int[] {1});
            }
            return state;
        });
        return meter.flops();
    }

    private static Figure figure(String name, List<String> columns, List<double[]> rows, String title, String x,
                                 String y, Scale scale) {
        return figure(name, columns, rows, title, x, y, scale, columns.subList(1, columns.size()));
    }

    /**
     * The table's rows as a figure: column 0 is x, every other column a measured series named
     * in the legend by {@code names}; the y axis spans the values, from 0 on a linear scale.
     */
    static Figure figure(String name, List<String> columns, List<double[]> rows, String title, String x,
                         String y, Scale scale, List<String> names) {
        List<Series> series = new ArrayList<>();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int m = 0; m < names.size(); m++) {
            double[] xs = new double[rows.size()];
            double[] ys = new double[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                xs[i] = rows.get(i)[0];
                ys[i] = rows.get(i)[m + 1];
                lo = Math.min(lo, ys[i]);
                hi = Math.max(hi, ys[i]);
            }
            series.add(Series.measured(names.get(m), xs, ys));
        }
        double[] range = Ticks.range(lo, hi, scale);
        String description = DESCRIPTIONS.get(name);
        return new Figure(name, description, columns, rows, new org.depthlab.experiments.Figure(name, title, x, y,
                Scale.LINEAR, scale, List.of(), range[0], range[1], series, List.of(),
                Character.toUpperCase(description.charAt(0)) + description.substring(1) + "."));
    }
}
