package org.depthlab.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A small fixed pool of threads for a backend: it runs one loop at a time, cut into
 * contiguous ranges, one range per thread, the calling thread taking the first.
 *
 * <p>It only ever runs loops whose ranges write disjoint parts of an output and compute each
 * part exactly as they would alone, so the thread count changes the time, never the result
 * (see {@link Parallel}). The pool threads are daemons and end after a minute idle: a backend
 * nobody uses any more holds no threads, and the JVM can always exit.
 */
final class Workers {

    private final int threads;
    /** Threads besides the caller (threads − 1 of them); null for one thread. */
    private final ThreadPoolExecutor pool;

    /** @param threads how many threads a loop is split over, the caller included */
    Workers(int threads, String name) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.threads = threads;
        if (threads == 1) {
            this.pool = null;
        } else {
            this.pool = new ThreadPoolExecutor(threads - 1, threads - 1, 60, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), task -> {
                        Thread t = new Worker(this, task, name);
                        t.setDaemon(true);
                        return t;
                    });
            this.pool.allowCoreThreadTimeOut(true);
        }
    }

    /** How many threads a loop is split over, the caller included. */
    int threads() {
        return threads;
    }

    /**
     * Whether a loop should stay on the calling thread: there is no pool, or the caller is one
     * of this pool's threads (a range that itself calls the backend), which must never wait
     * for its own pool.
     */
    boolean inline() {
        return pool == null || Thread.currentThread() instanceof Worker w && w.owner == this;
    }

    /**
     * Runs {@code body} over [0, count) cut into contiguous ranges, one per thread, with edges
     * on multiples of {@code unit}; returns when all are done. Where the edges fall changes no
     * result, only how well the work is balanced.
     */
    void forRanges(int count, int unit, Parallel.Range body) {
        int units = (count + unit - 1) / unit;
        int parts = Math.min(threads, units);
        if (parts <= 1 || inline()) {
            body.run(0, count);
            return;
        }
        int[] edges = new int[parts + 1];
        for (int t = 0; t <= parts; t++) {
            edges[t] = Math.min(count, (int) ((long) units * t / parts) * unit);
        }
        List<Future<?>> others = new ArrayList<>(parts - 1);
        for (int t = 1; t < parts; t++) {
            int from = edges[t];
            int to = edges[t + 1];
            others.add(pool.submit(() -> body.run(from, to)));
        }
        RuntimeException failure = null;
        try {
            body.run(edges[0], edges[1]);
        } catch (RuntimeException e) {
            failure = e;
        }
        // Wait for every range, even after a failure: none may still be writing into an output
        // when this method returns.
        for (Future<?> f : others) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = failure != null ? failure
                        : new IllegalStateException("interrupted while waiting for worker threads", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                failure = failure != null ? failure
                        : cause instanceof RuntimeException r ? r
                        : new IllegalStateException("a worker thread failed", cause);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** A pool thread, which knows its pool so that it never waits on it. */
    private static final class Worker extends Thread {
        private final Workers owner;

        Worker(Workers owner, Runnable task, String name) {
            super(task, name);
            this.owner = owner;
        }
    }
}
