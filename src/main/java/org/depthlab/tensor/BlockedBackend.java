package org.depthlab.tensor;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;

/**
 * A fast float64 {@link Backend} in plain Java: cache-blocked matrix products written so that
 * HotSpot's C2 compiler turns their inner loops into SIMD code (AVX2 / AVX-512 where the CPU
 * has them), spread over a small fixed pool of threads.
 *
 * <p><b>What it computes.</b> All six methods are one product, C (+)= op(A)·op(B), with op a
 * transpose or not. Every entry is summed in the textbook order, one rounded product and one
 * rounded sum per step:
 * <pre>
 *   c_ij ← c_ij + a_i0·b_0j,  then  c_ij ← c_ij + a_i1·b_1j,  …,  then  c_ij ← c_ij + a_i,k−1·b_k−1,j
 * </pre>
 * starting from the existing c_ij for the {@code multAdd} forms and from 0 for the others. The
 * result is, bit for bit, what the three-line loop
 * {@code for i, for j, for p: c[i][j] += a[i][p] * b[p][j]} computes — whatever the blocking,
 * the SIMD width, or the number of threads (SIMD lanes are different j, never a split sum).
 * EJML ({@link EjmlBackend}, the reference) sums in the same order in its large kernels but
 * not in its small ones (its small {@code multAdd} sums a dot product apart and then adds it to
 * c), so the two agree to rounding: within about k·ε·Σ_p |a_ip·b_pj|, which is ~1e-13 of the
 * entries' scale at the sizes of the book's models.
 *
 * <p><b>Why it is fast.</b> The scheme is the one of Goto and van de Geijn, "Anatomy of
 * High-Performance Matrix Multiplication" (ACM TOMS 34(3), 2008), cut down to what the JIT
 * vectorises:
 * <ol>
 *   <li><i>Packing.</i> A panel of op(B), up to {@link #KC} rows by {@link #NC} columns, is
 *       copied into row arrays, so the inner loop reads B contiguously whatever the transposes,
 *       and the panel stays in cache while every row of C passes over it. The rows of C being
 *       updated are copied out too. Every array the inner loop touches is then indexed
 *       {@code x[j]} from 0: C2 in JDK 17 does not vectorise a loop over several arrays at
 *       different offsets {@code x[offset + j]}.</li>
 *   <li><i>Fewer loads and stores of C.</i> The straightforward inner loop
 *       {@code c[j] += a·b[j]} loads and stores c[j] for every single product. {@link #twoRows}
 *       updates two rows of C with three steps of p per pass, so each c[j] is loaded and
 *       stored once per three products and each b[j] loaded serves two rows ({@link #oneRow}:
 *       one row, four steps). Bigger tiles would save more, but their loop bodies exceed what
 *       C2 unrolls, and it then leaves them scalar — about three times slower.</li>
 *   <li><i>Threads.</i> C is cut into contiguous chunks of rows (or of columns, when it is
 *       wider than tall), one per thread. Each entry is computed by exactly one thread, in the
 *       order above, so the result does not depend on the number of threads. Products under
 *       {@link #PARALLEL_FLOPS} run on the calling thread: waking a thread costs more.</li>
 * </ol>
 * Packing moves O(k·n) numbers per product against O(m·n·k) arithmetic, and nothing is
 * allocated once a thread's scratch buffers exist. On the book's block at hidden 64 this runs
 * at 10–20 GFLOP/s per thread, against 2–4 for EJML's kernels (benchmarks/README.md).
 *
 * <p><b>Two kernels, one result.</b> The loops below are the kernel any JVM runs. When the JVM
 * has the incubating Vector API ({@code --add-modules jdk.incubator.vector}, which the
 * {@code depthlab} launcher, the tests and the benchmarks pass), the tiles run on
 * {@link SimdKernel} instead: the same blocking with a register tile written in vectors, which
 * sums in the same order with the same roundings — the same bits, about 1.5 times faster.
 */
final class BlockedBackend implements Backend, Parallel.Threaded {

    /**
     * What computes the tiles of C: rows [i0, i1) and columns [j0, j1) of one product, each
     * entry summed in the textbook order. Chunks handed to threads start on multiples of
     * {@link #rowUnit()} rows or {@link #colUnit()} columns.
     */
    interface Kernel {
        void compute(Product job, int i0, int i1, int j0, int j1);

        int rowUnit();

        int colUnit();

        String name();
    }

    /** Depth of a packed panel of op(B): KC × NC doubles = 512 KiB, within a 1 MiB+ L2. */
    static final int KC = 256;
    /** Width of a packed panel: the rows one kernel pass touches fit a 32 KiB L1. */
    static final int NC = 256;
    /**
     * Panels at least this wide go through {@link #twoRows}, those at least {@link #NARROW}
     * wide through {@link #oneRow}, the rest through {@link #narrowRow}. Three methods because
     * HotSpot compiles each method for the loop lengths it has seen run: a kernel whose loops
     * were first seen short (a 10-column output layer, a 36-wide attention block) is compiled
     * without SIMD and stays so for the wide products that follow. Keeping each width class in
     * its own method keeps its profile, and its speed, whatever ran first.
     */
    static final int WIDE = 64;
    /** See {@link #WIDE}. */
    static final int NARROW = 24;
    /** Products with fewer FLOPs (2·m·n·k) run on the calling thread alone. */
    static final long PARALLEL_FLOPS = 1L << 21;

    private final Workers workers;
    private final Workspace.Pool workspaces = new Workspace.Pool();
    private final Kernel kernel;

    /**
     * A backend on the fastest kernel this JVM can run (they give the same bits).
     *
     * @param threads how many threads a large product is split over (the caller included)
     */
    BlockedBackend(int threads) {
        this(threads, SIMD_AVAILABLE);
    }

    /** @param simd whether to use {@link SimdKernel} (the JVM must have the Vector API module) */
    BlockedBackend(int threads, boolean simd) {
        this.workers = new Workers(threads, "depthlab-blocked-worker");
        this.kernel = simd ? simdKernel() : new LoopKernel();
    }

    /** Whether this JVM has the Vector API module, so that {@link SimdKernel} can be loaded. */
    static final boolean SIMD_AVAILABLE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    /**
     * {@link SimdKernel}, loaded by name: referring to it directly would make this class fail to
     * load in a JVM started without the module.
     */
    private static Kernel simdKernel() {
        try {
            return (Kernel) Class.forName("org.depthlab.tensor.SimdKernel").getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("the Vector API kernel could not be loaded", e);
        }
    }

    @Override
    public Workers workers() {
        return workers;
    }

    @Override
    public Workspace.Pool workspaces() {
        return workspaces;
    }

    /** How many threads a large product is split over. */
    int threads() {
        return workers.threads();
    }

    @Override
    public String name() {
        return "blocked";
    }

    @Override
    public String toString() {
        return "blocked (" + threads() + (threads() == 1 ? " thread, " : " threads, ") + kernel.name() + ")";
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

    /**
     * The operands of one product, C (+)= op(A)·op(B), with op(A) m×k and op(B) k×n. Entry
     * (i, p) of op(A) is {@code a[i·aRow + p·aCol]}: the strides say whether A is transposed.
     */
    record Product(double[] a, int aRow, int aCol, DMatrixRMaj b, boolean transB,
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
        long flops = 2L * m * n * k;
        if (flops < PARALLEL_FLOPS || workers.inline()) {
            kernel.compute(job, 0, m, 0, n);
            return;
        }
        split(job);
    }

    /**
     * Cuts C into one chunk per thread along its longer side and computes the chunks
     * concurrently. Chunk edges fall on multiples of the kernel's tile so that no thread gets
     * a ragged tile it could have avoided.
     */
    private void split(Product job) {
        boolean byRows = job.m() >= job.n();
        workers.forRanges(byRows ? job.m() : job.n(), byRows ? kernel.rowUnit() : kernel.colUnit(),
                (from, to) -> computeChunk(job, byRows, from, to));
    }

    private void computeChunk(Product job, boolean byRows, int from, int to) {
        if (byRows) {
            kernel.compute(job, from, to, 0, job.n());
        } else {
            kernel.compute(job, 0, job.m(), from, to);
        }
    }

    /** The kernel in plain Java that any JVM runs: the loops the class notes describe. */
    private static final class LoopKernel implements Kernel {

        /** Packed panels and tile rows, one set per thread, reused by every product. */
        private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

        @Override
        public String name() {
            return "loops";
        }

        @Override
        public int rowUnit() {
            return 2;
        }

        @Override
        public int colUnit() {
            return 8;
        }

        /**
         * Rows [i0, i1) and columns [j0, j1) of C, panel by panel. The panels of the inner
         * dimension are taken in order and each adds into C, so every entry still sees p = 0, 1, …
         * in turn. Each row of a panel goes to one of three kernels by the panel's width (see
         * {@link #WIDE}); all three add in the same order and give the same bits.
         */
        @Override
        public void compute(Product job, int i0, int i1, int j0, int j1) {
            Scratch s = scratch.get();
            for (int jc = j0; jc < j1; jc += NC) {
                int width = Math.min(NC, j1 - jc);
                for (int pc = 0; pc < job.k(); pc += KC) {
                    int depth = Math.min(KC, job.k() - pc);
                    pack(job, pc, depth, jc, width, s.panel);
                    int i = i0;
                    if (width >= WIDE) {
                        for (; i + 2 <= i1; i += 2) {
                            twoRows(job, i, pc, depth, jc, width, s);
                        }
                    }
                    for (; i < i1; i++) {
                        if (width >= NARROW) {
                            oneRow(job, i, pc, depth, jc, width, s);
                        } else {
                            narrowRow(job, i, pc, depth, jc, width, s);
                        }
                    }
                }
            }
        }

        /** panel[p][j] = op(B)[pc + p][jc + j], for p &lt; depth, j &lt; width. */
        private static void pack(Product job, int pc, int depth, int jc, int width, double[][] panel) {
            double[] b = job.b().data;
            int cols = job.b().numCols;
            if (!job.transB()) {
                for (int p = 0; p < depth; p++) {
                    System.arraycopy(b, (pc + p) * cols + jc, panel[p], 0, width);
                }
            } else {
                // op(B)[p][j] = B[j][p]: read B along its rows, write down the panel's columns.
                for (int j = 0; j < width; j++) {
                    int from = (jc + j) * cols + pc;
                    for (int p = 0; p < depth; p++) {
                        panel[p][j] = b[from + p];
                    }
                }
            }
        }

        /**
         * Rows i and i+1 of C, columns [jc, jc + width), steps [pc, pc + depth) of the inner
         * dimension. The straightforward version is, for each row r and each p,
         * {@code for j: c[r][j] += a[r][p] * b[p][j]}; this one takes three p at a time, so each
         * c[r][j] is read and written once per three products, and each b[p][j] read serves both
         * rows. The sums are still formed left to right, p by p.
         */
        private static void twoRows(Product job, int i, int pc, int depth, int jc, int width, Scratch s) {
            double[] a = job.a();
            int ac = job.aCol();
            double[] c0 = s.rows[0];
            double[] c1 = s.rows[1];
            load(job, i, pc, jc, width, c0);
            load(job, i + 1, pc, jc, width, c1);
            int r0 = i * job.aRow();
            int r1 = r0 + job.aRow();
            int p = 0;
            for (; p + 3 <= depth; p += 3) {
                int q = (pc + p) * ac;
                double a00 = a[r0 + q];
                double a01 = a[r0 + q + ac];
                double a02 = a[r0 + q + 2 * ac];
                double a10 = a[r1 + q];
                double a11 = a[r1 + q + ac];
                double a12 = a[r1 + q + 2 * ac];
                double[] b0 = s.panel[p];
                double[] b1 = s.panel[p + 1];
                double[] b2 = s.panel[p + 2];
                for (int j = 0; j < width; j++) {
                    double x0 = b0[j];
                    double x1 = b1[j];
                    double x2 = b2[j];
                    c0[j] = c0[j] + a00 * x0 + a01 * x1 + a02 * x2;
                    c1[j] = c1[j] + a10 * x0 + a11 * x1 + a12 * x2;
                }
            }
            for (; p < depth; p++) {
                int q = (pc + p) * ac;
                double a0 = a[r0 + q];
                double a1 = a[r1 + q];
                double[] bp = s.panel[p];
                for (int j = 0; j < width; j++) {
                    double x = bp[j];
                    c0[j] = c0[j] + a0 * x;
                    c1[j] = c1[j] + a1 * x;
                }
            }
            store(job, i, jc, width, c0);
            store(job, i + 1, jc, width, c1);
        }

        /**
         * One row of C, four steps of p at a time: for panels narrower than {@link #WIDE}, and
         * for the odd row {@link #twoRows} leaves.
         */
        private static void oneRow(Product job, int i, int pc, int depth, int jc, int width, Scratch s) {
            double[] a = job.a();
            int ac = job.aCol();
            double[] c0 = s.rows[0];
            load(job, i, pc, jc, width, c0);
            int r0 = i * job.aRow();
            int p = 0;
            for (; p + 4 <= depth; p += 4) {
                int q = r0 + (pc + p) * ac;
                double a0 = a[q];
                double a1 = a[q + ac];
                double a2 = a[q + 2 * ac];
                double a3 = a[q + 3 * ac];
                double[] b0 = s.panel[p];
                double[] b1 = s.panel[p + 1];
                double[] b2 = s.panel[p + 2];
                double[] b3 = s.panel[p + 3];
                for (int j = 0; j < width; j++) {
                    c0[j] = c0[j] + a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j];
                }
            }
            for (; p < depth; p++) {
                double a0 = a[r0 + (pc + p) * ac];
                double[] bp = s.panel[p];
                for (int j = 0; j < width; j++) {
                    c0[j] = c0[j] + a0 * bp[j];
                }
            }
            store(job, i, jc, width, c0);
        }

        /**
         * One row of C, fewer than {@link #NARROW} columns wide: the textbook loop on the packed
         * panel, {@code for p: for j: c[j] += a[i][p]·b[p][j]}.
         */
        private static void narrowRow(Product job, int i, int pc, int depth, int jc, int width, Scratch s) {
            double[] a = job.a();
            int ac = job.aCol();
            int r0 = i * job.aRow();
            double[] c0 = s.rows[0];
            load(job, i, pc, jc, width, c0);
            for (int p = 0; p < depth; p++) {
                double a0 = a[r0 + (pc + p) * ac];
                double[] bp = s.panel[p];
                for (int j = 0; j < width; j++) {
                    c0[j] = c0[j] + a0 * bp[j];
                }
            }
            store(job, i, jc, width, c0);
        }

        /**
         * row[j] = C[i][jc + j], the running sums a tile adds to: a copy indexed from 0 (see the
         * class notes). For an overwriting product the first panel starts from zeros instead, so C
         * is never cleared in a separate pass.
         */
        private static void load(Product job, int i, int pc, int jc, int width, double[] row) {
            if (pc == 0 && !job.accumulate()) {
                Arrays.fill(row, 0, width, 0.0);
            } else {
                System.arraycopy(job.c(), i * job.n() + jc, row, 0, width);
            }
        }

        private static void store(Product job, int i, int jc, int width, double[] row) {
            System.arraycopy(row, 0, job.c(), i * job.n() + jc, width);
        }

        /** One thread's buffers: a packed panel of op(B) and the rows of C a tile works on. */
        private static final class Scratch {
            final double[][] panel = new double[KC][NC];
            final double[][] rows = new double[2][NC];
        }
    }
}
