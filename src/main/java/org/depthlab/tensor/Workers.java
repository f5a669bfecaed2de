package org.depthlab.tensor;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A small fixed set of helper threads for a backend: it runs one loop at a time, cut into
 * contiguous ranges, one range per thread, the calling thread taking the first.
 *
 * <p>It only ever runs loops whose ranges write disjoint parts of an output and compute each
 * part exactly as they would alone, so the thread count changes the time, never the result
 * (see {@link Parallel}).
 *
 * <p><b>Why not an {@code ExecutorService}.</b> A block's forward and backward pass hand out some
 * sixty loops of 0.1 to 2 ms each. A pool thread that sleeps between them must be woken for each
 * one, and on a virtual machine waking a sleeping processor took 5 to 50 µs — measured, it made
 * a two-way split of 80 µs of work slower than doing it on one thread. So a helper that has just
 * finished a range keeps polling for the next one for {@link #SPIN} (the calling thread likewise
 * polls for the helpers' results before it sleeps), and only then sleeps. While loops follow each
 * other closely nobody sleeps; an idle backend costs nothing. This is the "active, then passive"
 * wait policy of OpenMP runtimes. The polling loop yields the processor at each turn
 * ({@link Thread#yield()}): on an idle machine that returns at once, and on a busy one it lets
 * other work — including this loop's own calling thread — run instead of the poll.
 *
 * <p>Helper threads are daemons, started on first use, and end after a minute without work.
 * If another thread is already running a loop on this backend, a second loop runs entirely on
 * its own calling thread rather than wait.
 */
final class Workers {

    /** How long a helper (or a waiting caller) polls before it sleeps. */
    static final long SPIN = TimeUnit.MICROSECONDS.toNanos(200);
    /** How long a helper sleeps without work before its thread ends. */
    static final long IDLE_EXIT = TimeUnit.SECONDS.toNanos(60);

    private final int threads;
    private final Helper[] helpers;
    /** Held while a loop is spread over the helpers; one loop at a time. */
    private final ReentrantLock region = new ReentrantLock();

    /** @param threads how many threads a loop is split over, the caller included */
    Workers(int threads, String name) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.threads = threads;
        this.helpers = new Helper[threads - 1];
        for (int i = 0; i < helpers.length; i++) {
            helpers[i] = new Helper(this, name + "-" + (i + 1));
        }
    }

    /** How many threads a loop is split over, the caller included. */
    int threads() {
        return threads;
    }

    /**
     * Whether a loop should stay on the calling thread: there are no helpers, or the caller is
     * already inside a loop of this backend — as a helper, or as the thread that started it (a
     * range that itself calls the backend) — and the helpers are busy with that loop.
     */
    boolean inline() {
        return helpers.length == 0 || region.isHeldByCurrentThread()
                || Thread.currentThread() instanceof HelperThread h && h.owner == this;
    }

    /**
     * Runs {@code body} over [0, count) cut into contiguous ranges, one per thread, with edges
     * on multiples of {@code unit}; returns when all are done. Where the edges fall changes no
     * result, only how well the work is balanced.
     */
    void forRanges(int count, int unit, Parallel.Range body) {
        int units = (count + unit - 1) / unit;
        int parts = Math.min(threads, units);
        if (parts <= 1 || inline() || !region.tryLock()) {
            body.run(0, count);
            return;
        }
        try {
            int[] edges = new int[parts + 1];
            for (int t = 0; t <= parts; t++) {
                edges[t] = Math.min(count, (int) ((long) units * t / parts) * unit);
            }
            for (int t = 1; t < parts; t++) {
                helpers[t - 1].post(body, edges[t], edges[t + 1]);
            }
            Throwable failure = null;
            try {
                body.run(edges[0], edges[1]);
            } catch (Throwable e) {
                failure = e;
            }
            // Wait for every range, even after a failure: none may still be writing into an
            // output when this method returns.
            for (int t = 1; t < parts; t++) {
                Throwable f = helpers[t - 1].await();
                if (failure == null && f != null) {
                    failure = f;
                }
            }
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            if (failure != null) {
                throw new IllegalStateException("a range failed on a helper thread", failure);
            }
        } finally {
            region.unlock();
        }
    }

    /** A helper thread, which knows its owner so that it never waits on it. */
    private static final class HelperThread extends Thread {
        final Workers owner;

        HelperThread(Workers owner, Runnable loop, String name) {
            super(loop, name);
            this.owner = owner;
            setDaemon(true);
        }
    }

    /**
     * One helper: a mailbox for one range at a time and the thread that empties it. The range
     * is written, then {@code posted} (volatile) is raised; the helper runs it, then raises
     * {@code finished}. The volatile writes and reads order everything else, including the
     * range's writes into the output, which the caller sees once it has seen {@code finished}.
     */
    private static final class Helper implements Runnable {
        private final Workers owner;
        private final String name;
        private Parallel.Range body;
        private int from;
        private int to;
        private Throwable failure;
        private volatile long posted;
        private volatile long finished;
        private volatile Thread waiter;
        /** The running thread, or null; changed only under this helper's monitor. */
        private Thread thread;

        Helper(Workers owner, String name) {
            this.owner = owner;
            this.name = name;
        }

        void post(Parallel.Range range, int start, int end) {
            body = range;
            from = start;
            to = end;
            failure = null;
            Thread t;
            synchronized (this) {
                posted = posted + 1;
                if (thread == null) {
                    thread = new HelperThread(owner, this, name);
                    thread.start();
                }
                t = thread;
            }
            LockSupport.unpark(t);
        }

        /** Waits until the posted range has run; returns what it threw, or null. */
        Throwable await() {
            long target = posted;
            long deadline = System.nanoTime() + SPIN;
            while (finished != target) {
                if (System.nanoTime() < deadline) {
                    Thread.yield();
                } else {
                    waiter = Thread.currentThread();
                    if (finished != target) {
                        LockSupport.park(this);
                    }
                    waiter = null;
                }
            }
            return failure;
        }

        @Override
        public void run() {
            long done = finished;
            long idleSince = System.nanoTime();
            while (true) {
                long next = posted;
                if (next != done) {
                    try {
                        body.run(from, to);
                    } catch (Throwable e) {
                        failure = e;
                    }
                    body = null;
                    done = next;
                    finished = next;
                    Thread w = waiter;
                    if (w != null) {
                        LockSupport.unpark(w);
                    }
                    idleSince = System.nanoTime();
                    continue;
                }
                long idle = System.nanoTime() - idleSince;
                if (idle < SPIN) {
                    Thread.yield();
                } else if (idle < IDLE_EXIT) {
                    LockSupport.parkNanos(this, IDLE_EXIT);
                } else {
                    synchronized (this) {
                        // A range posted meanwhile is seen here, under the same lock post() takes.
                        if (posted == done) {
                            thread = null;
                            return;
                        }
                    }
                }
            }
        }
    }
}
