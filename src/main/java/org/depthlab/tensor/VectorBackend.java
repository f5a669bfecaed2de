package org.depthlab.tensor;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;
import org.ejml.data.DMatrixRMaj;

/**
 * An optional float64 {@link Backend} on the JDK's incubating Vector API (JEP 414,
 * {@code jdk.incubator.vector}): the same blocking as {@link BlockedBackend}, but with the
 * register tile written out explicitly, so the sums of a tile of C stay in vector registers for
 * a whole panel of the inner dimension.
 *
 * <p><b>What it computes.</b> Every entry in the textbook order, p = 0, 1, …, k−1, each step one
 * fused multiply-add — one rounding instead of the two of {@code c + a·b}:
 * <pre>
 *   c_ij ← fma(a_i0, b_0j, c_ij),  then  c_ij ← fma(a_i1, b_1j, c_ij),  …
 * </pre>
 * starting from c_ij ({@code multAdd} forms) or 0. That is bit for bit the three-line loop
 * written with {@link Math#fma}, on any number of threads and any SIMD width (a lane is one j,
 * never part of a sum). It differs from {@code blocked} and EJML by rounding only, and is, if
 * anything, the more accurate of them.
 *
 * <p><b>Why it is faster than {@code blocked}.</b> A tile of {@link #ROWS} rows by two vectors
 * of C (4 × 16 doubles with AVX-512) lives in eight vector registers while p runs over a whole
 * panel: each step loads two vectors of the packed panel of op(B), broadcasts four entries of
 * op(A), and does eight FMAs — C is not loaded or stored inside the loop at all. HotSpot's
 * auto-vectoriser cannot express this (it keeps no vector in a register across iterations of
 * an outer loop), which is what holds {@code blocked} to a third of the speed.
 *
 * <p><b>Why it is optional.</b> The Vector API is still incubating in Java 17: it needs
 * {@code --add-modules jdk.incubator.vector} when compiling (the build passes it) and when
 * running, and the JVM then prints a warning at start-up. So this class is only ever loaded
 * by name, from {@link Backends}, when the module is present; otherwise {@code vector} falls
 * back to {@code blocked} with a one-line reason.
 */
final class VectorBackend implements Backend, Parallel.Threaded {

    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    /** Doubles per vector: 8 with AVX-512, 4 with AVX2. */
    private static final int LANES = SPECIES.length();
    /** Columns of a register tile: two vectors. */
    private static final int STRIP = 2 * LANES;
    /** Rows of a register tile: 4 rows × 2 vectors = 8 sums in flight, enough to hide FMA latency. */
    static final int ROWS = 4;
    /** Depth of a packed panel of op(B). */
    static final int KC = 256;
    /** Width of a packed panel (a multiple of {@link #STRIP}). */
    static final int NC = 16 * STRIP;
    /** Products with fewer FLOPs (2·m·n·k) run on the calling thread alone. */
    static final long PARALLEL_FLOPS = 1L << 21;

    private final Workers workers;
    private final Workspace.Pool workspaces = new Workspace.Pool();
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    /** @param threads how many threads a large product is split over (the caller included) */
    VectorBackend(int threads) {
        this.workers = new Workers(threads, "depthlab-vector-worker");
    }

    @Override
    public Workers workers() {
        return workers;
    }

    @Override
    public Workspace.Pool workspaces() {
        return workspaces;
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public String toString() {
        int threads = workers.threads();
        return "vector (" + threads + (threads == 1 ? " thread, " : " threads, ") + LANES + " lanes)";
    }

    @Override
    public void mult(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        product(a, false, b, false, c, false);
    }

    @Override
    public void multTransA(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        product(a, true, b, false, c, false);
    }

    @Override
    public void multTransB(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        product(a, false, b, true, c, false);
    }

    @Override
    public void multAdd(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        product(a, false, b, false, c, true);
    }

    @Override
    public void multAddTransA(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        product(a, true, b, false, c, true);
    }

    @Override
    public void multAddTransB(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        product(a, false, b, true, c, true);
    }

    /** C (+)= op(A)·op(B), op(A) m×k with entry (i, p) at {@code a[i·aRow + p·aCol]}. */
    private record Product(double[] a, int aRow, int aCol, DMatrixRMaj b, boolean transB,
                           double[] c, int m, int n, int k, boolean accumulate) {
    }

    private void product(DMatrixRMaj a, boolean transA, DMatrixRMaj b, boolean transB,
                         DMatrixRMaj c, boolean accumulate) {
        int m = transA ? a.numCols : a.numRows;
        int k = transA ? a.numRows : a.numCols;
        int kb = transB ? b.numCols : b.numRows;
        int n = transB ? b.numRows : b.numCols;
        if (k != kb || c.numRows != m || c.numCols != n) {
            throw new IllegalArgumentException("product shapes do not fit: op(A) " + m + "x" + k
                    + ", op(B) " + kb + "x" + n + ", C " + c.numRows + "x" + c.numCols);
        }
        if (c == a || c == b) {
            throw new IllegalArgumentException("the output must not be an input");
        }
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            if (!accumulate) {
                Arrays.fill(c.data, 0, m * n, 0.0);
            }
            return;
        }
        Product job = new Product(a.data, transA ? 1 : a.numCols, transA ? a.numCols : 1, b, transB,
                c.data, m, n, k, accumulate);
        if (2L * m * n * k < PARALLEL_FLOPS || workers.inline()) {
            compute(job, 0, m, 0, n);
            return;
        }
        boolean byRows = m >= n;
        workers.forRanges(byRows ? m : n, byRows ? ROWS : STRIP, (from, to) -> {
            if (byRows) {
                compute(job, from, to, 0, n);
            } else {
                compute(job, 0, m, from, to);
            }
        });
    }

    /**
     * Rows [i0, i1) and columns [j0, j1) of C. For each panel of op(B) (in order of p, so
     * every sum still runs p = 0, 1, …), for each strip of {@link #STRIP} columns, for each
     * tile of {@link #ROWS} rows: one pass of the register tile over the panel's depth.
     */
    private void compute(Product job, int i0, int i1, int j0, int j1) {
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
                            // A ragged last strip: run the same tile on a copy padded to full
                            // vectors; the padding columns are computed and thrown away.
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
    private static void pack(Product job, int pc, int depth, int jc, int width, double[] panel) {
        double[] b = job.b().data;
        int cols = job.b().numCols;
        int strips = (width + STRIP - 1) / STRIP;
        Arrays.fill(panel, 0, strips * depth * STRIP, 0.0);
        for (int p = 0; p < depth; p++) {
            for (int j = 0; j < width; j++) {
                double v = job.transB() ? b[(jc + j) * cols + pc + p] : b[(pc + p) * cols + jc + j];
                panel[(j / STRIP * depth + p) * STRIP + j % STRIP] = v;
            }
        }
    }

    /**
     * The register tile: rows r = 0..3 of C at {@code c[c0 + r·cs]}, two vectors wide, plus
     * Σ over the panel's depth of a[r][p]·b[p][·] (a read at {@code a[a0 + r·ar + (pc + p)·ac]}),
     * one FMA per step. The straightforward version, per entry:
     * {@code for p: c[r][j] = Math.fma(a[r][p], b[p][j], c[r][j])}.
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
            s00 = x.fma(b0, s00);
            s01 = x.fma(b1, s01);
            x = DoubleVector.broadcast(SPECIES, a[r1 + q]);
            s10 = x.fma(b0, s10);
            s11 = x.fma(b1, s11);
            x = DoubleVector.broadcast(SPECIES, a[r2 + q]);
            s20 = x.fma(b0, s20);
            s21 = x.fma(b1, s21);
            x = DoubleVector.broadcast(SPECIES, a[r3 + q]);
            s30 = x.fma(b0, s30);
            s31 = x.fma(b1, s31);
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
            s0 = x.fma(DoubleVector.fromArray(SPECIES, panel, strip + p * STRIP), s0);
            s1 = x.fma(DoubleVector.fromArray(SPECIES, panel, strip + p * STRIP + LANES), s1);
        }
        s0.intoArray(edge, 0);
        s1.intoArray(edge, LANES);
    }

    /** edge[r][0 : cols] = C[i + r][j : j + cols] (or zeros for a fresh sum), rows of STRIP. */
    private static void copyIn(Product job, int i, int rows, int j, int cols, double[] edge, boolean fresh) {
        Arrays.fill(edge, 0, rows * STRIP, 0.0);
        if (!fresh) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(job.c(), (i + r) * job.n() + j, edge, r * STRIP, cols);
            }
        }
    }

    private static void copyOut(Product job, int i, int rows, int j, int cols, double[] edge) {
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
