package org.depthlab.tensor;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-tiled product kernel of {@link BlockedBackend}, written with the JDK's
 * incubating Vector API (JEP 414, {@code jdk.incubator.vector}). It computes exactly what the
 * backend's plain-Java kernel computes — every entry in the textbook order, one rounded
 * product and one rounded sum per step,
 * <pre>
 *   c_ij ← c_ij + a_i0·b_0j,  then  c_ij ← c_ij + a_i1·b_1j,  …
 * </pre>
 * — so the two give the same bits, and which one runs changes only the time.
 *
 * <p><b>Why it is faster.</b> A tile of {@link #ROWS} rows by two vectors of C (4 × 16 doubles
 * with AVX-512) lives in eight vector registers while p runs over a whole panel of the inner
 * dimension: each step loads two vectors of the packed panel of op(B), broadcasts four entries
 * of op(A) and does eight multiplies and eight adds — C is not loaded or stored inside the
 * loop at all. HotSpot's auto-vectoriser cannot keep a vector in a register across iterations
 * of an outer loop, so the plain-Java kernel loads and stores C every few steps; on the book's
 * block shapes this one ran about 1.5 times as fast (docs/decisions.md). A multiply and an add
 * are kept apart (no fused multiply-add, which would round once and change the bits).
 *
 * <p><b>When it runs.</b> The Vector API needs {@code --add-modules jdk.incubator.vector}; the
 * {@code depthlab} launcher, the tests and the benchmarks pass it. {@link BlockedBackend} loads
 * this class by name only when the JVM has the module, and otherwise uses its plain-Java
 * kernel — with the same results.
 */
final class SimdKernel implements BlockedBackend.Kernel {

    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    /** Doubles per vector: 8 with AVX-512, 4 with AVX2. */
    private static final int LANES = SPECIES.length();
    /** Columns of a register tile: two vectors. */
    private static final int STRIP = 2 * LANES;
    /** Rows of a register tile: 4 rows × 2 vectors = 8 sums in flight. */
    private static final int ROWS = 4;
    /** Depth of a packed panel of op(B): one strip of it (KC × STRIP) fits the L1 cache. */
    private static final int KC = 256;
    /** Width of a packed panel (a multiple of {@link #STRIP}). */
    private static final int NC = 16 * STRIP;

    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    @Override
    public String name() {
        return "simd, " + LANES + " lanes";
    }

    @Override
    public int rowUnit() {
        return ROWS;
    }

    @Override
    public int colUnit() {
        return STRIP;
    }

    /**
     * Rows [i0, i1) and columns [j0, j1) of C. For each panel of op(B) (in order of p, so every
     * sum still runs p = 0, 1, …), for each strip of {@link #STRIP} columns, for each tile of
     * {@link #ROWS} rows: one pass of the register tile over the panel's depth.
     */
    @Override
    public void compute(BlockedBackend.Product job, int i0, int i1, int j0, int j1) {
        Scratch s = scratch.get();
        for (int jc = j0; jc < j1; jc += NC) {
            int width = Math.min(NC, j1 - jc);
            for (int pc = 0; pc < job.k(); pc += KC) {
                int depth = Math.min(KC, job.k() - pc);
                pack(job, pc, depth, jc, width, s.panel);
                boolean fresh = pc == 0 && !job.accumulate();
                for (int js = 0; js < width; js += STRIP) {
                    int cols = Math.min(STRIP, width - js);
                    int strip = js / STRIP * depth * STRIP;
                    int i = i0;
                    for (; i + ROWS <= i1; i += ROWS) {
                        if (cols == STRIP) {
                            tile(job.a(), i * job.aRow(), job.aRow(), job.aCol(), pc, depth, s.panel, strip,
                                    job.c(), i * job.n() + jc + js, job.n(), fresh);
                        } else {
                            // A ragged last strip: the same tile on a copy padded to full vectors;
                            // the padding columns are computed and thrown away.
                            copyIn(job, i, ROWS, jc + js, cols, s.edge, fresh);
                            tile(job.a(), i * job.aRow(), job.aRow(), job.aCol(), pc, depth, s.panel, strip,
                                    s.edge, 0, STRIP, false);
                            copyOut(job, i, ROWS, jc + js, cols, s.edge);
                        }
                    }
                    for (; i < i1; i++) {
                        copyIn(job, i, 1, jc + js, cols, s.edge, fresh);
                        row(job.a(), i * job.aRow(), job.aCol(), pc, depth, s.panel, strip, s.edge);
                        copyOut(job, i, 1, jc + js, cols, s.edge);
                    }
                }
            }
        }
    }

    /**
     * Packs op(B)[pc : pc + depth, jc : jc + width] strip by strip: strip s holds, for each p,
     * its {@link #STRIP} columns side by side, zero beyond the panel's width. The tile then
     * reads its two vectors per step from consecutive memory.
     */
    private static void pack(BlockedBackend.Product job, int pc, int depth, int jc, int width, double[] panel) {
        double[] b = job.b().data;
        int cols = job.b().numCols;
        int strips = (width + STRIP - 1) / STRIP;
        if (width % STRIP != 0) {
            Arrays.fill(panel, (strips - 1) * depth * STRIP, strips * depth * STRIP, 0.0);
        }
        if (!job.transB()) {
            for (int p = 0; p < depth; p++) {
                int from = (pc + p) * cols + jc;
                for (int s = 0; s < strips; s++) {
                    int count = Math.min(STRIP, width - s * STRIP);
                    System.arraycopy(b, from + s * STRIP, panel, (s * depth + p) * STRIP, count);
                }
            }
        } else {
            // op(B)[p][j] = B[j][p]: read B along its rows.
            for (int j = 0; j < width; j++) {
                int from = (jc + j) * cols + pc;
                int to = j / STRIP * depth * STRIP + j % STRIP;
                for (int p = 0; p < depth; p++) {
                    panel[to + p * STRIP] = b[from + p];
                }
            }
        }
    }

    /**
     * The register tile: rows r = 0..3 of C at {@code c[c0 + r·cs]}, two vectors wide, plus
     * Σ over the panel's depth of a[r][p]·b[p][·] (a read at {@code a[a0 + r·ar + (pc + p)·ac]}).
     * Per entry it is {@code for p: c[r][j] = c[r][j] + a[r][p] * b[p][j]}.
     */
    private static void tile(double[] a, int a0, int ar, int ac, int pc, int depth, double[] panel,
                             int strip, double[] c, int c0, int cs, boolean fresh) {
        DoubleVector s00;
        DoubleVector s01;
        DoubleVector s10;
        DoubleVector s11;
        DoubleVector s20;
        DoubleVector s21;
        DoubleVector s30;
        DoubleVector s31;
        if (fresh) {
            s00 = s01 = s10 = s11 = s20 = s21 = s30 = s31 = DoubleVector.zero(SPECIES);
        } else {
            s00 = DoubleVector.fromArray(SPECIES, c, c0);
            s01 = DoubleVector.fromArray(SPECIES, c, c0 + LANES);
            s10 = DoubleVector.fromArray(SPECIES, c, c0 + cs);
            s11 = DoubleVector.fromArray(SPECIES, c, c0 + cs + LANES);
            s20 = DoubleVector.fromArray(SPECIES, c, c0 + 2 * cs);
            s21 = DoubleVector.fromArray(SPECIES, c, c0 + 2 * cs + LANES);
            s30 = DoubleVector.fromArray(SPECIES, c, c0 + 3 * cs);
            s31 = DoubleVector.fromArray(SPECIES, c, c0 + 3 * cs + LANES);
        }
        int r1 = a0 + ar;
        int r2 = r1 + ar;
        int r3 = r2 + ar;
        for (int p = 0; p < depth; p++) {
            int q = (pc + p) * ac;
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, panel, strip + p * STRIP);
            DoubleVector b1 = DoubleVector.fromArray(SPECIES, panel, strip + p * STRIP + LANES);
            DoubleVector x = DoubleVector.broadcast(SPECIES, a[a0 + q]);
            s00 = s00.add(x.mul(b0));
            s01 = s01.add(x.mul(b1));
            x = DoubleVector.broadcast(SPECIES, a[r1 + q]);
            s10 = s10.add(x.mul(b0));
            s11 = s11.add(x.mul(b1));
            x = DoubleVector.broadcast(SPECIES, a[r2 + q]);
            s20 = s20.add(x.mul(b0));
            s21 = s21.add(x.mul(b1));
            x = DoubleVector.broadcast(SPECIES, a[r3 + q]);
            s30 = s30.add(x.mul(b0));
            s31 = s31.add(x.mul(b1));
        }
        s00.intoArray(c, c0);
        s01.intoArray(c, c0 + LANES);
        s10.intoArray(c, c0 + cs);
        s11.intoArray(c, c0 + cs + LANES);
        s20.intoArray(c, c0 + 2 * cs);
        s21.intoArray(c, c0 + 2 * cs + LANES);
        s30.intoArray(c, c0 + 3 * cs);
        s31.intoArray(c, c0 + 3 * cs + LANES);
    }

    /** One row of the tile, for the rows left below a multiple of {@link #ROWS}; C in {@code edge}. */
    private static void row(double[] a, int a0, int ac, int pc, int depth, double[] panel, int strip,
                            double[] edge) {
        DoubleVector s0 = DoubleVector.fromArray(SPECIES, edge, 0);
        DoubleVector s1 = DoubleVector.fromArray(SPECIES, edge, LANES);
        for (int p = 0; p < depth; p++) {
            DoubleVector x = DoubleVector.broadcast(SPECIES, a[a0 + (pc + p) * ac]);
            s0 = s0.add(x.mul(DoubleVector.fromArray(SPECIES, panel, strip + p * STRIP)));
            s1 = s1.add(x.mul(DoubleVector.fromArray(SPECIES, panel, strip + p * STRIP + LANES)));
        }
        s0.intoArray(edge, 0);
        s1.intoArray(edge, LANES);
    }

    /** edge[r][0 : cols] = C[i + r][j : j + cols] (or zeros for a fresh sum), rows of STRIP. */
    private static void copyIn(BlockedBackend.Product job, int i, int rows, int j, int cols, double[] edge,
                               boolean fresh) {
        Arrays.fill(edge, 0, rows * STRIP, 0.0);
        if (!fresh) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(job.c(), (i + r) * job.n() + j, edge, r * STRIP, cols);
            }
        }
    }

    private static void copyOut(BlockedBackend.Product job, int i, int rows, int j, int cols, double[] edge) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(edge, r * STRIP, job.c(), (i + r) * job.n() + j, cols);
        }
    }

    /** One thread's buffers: the packed panel and a padded copy of a ragged edge of C. */
    private static final class Scratch {
        final double[] panel = new double[KC * NC];
        final double[] edge = new double[ROWS * STRIP];
    }
}
