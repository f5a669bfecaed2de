package org.depthlab.bench;

import java.lang.management.ManagementFactory;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The process's CPU time per operation, beside JMH's wall-clock time: on a machine that other
 * work shares, wall-clock time includes the time other processes held the cores, and CPU time
 * does not (it does include the time depthlab's helper threads spend polling for work).
 *
 * <p>A benchmark method takes this state, brackets its operation with {@link #start()} and
 * {@link #stop(long)}, and JMH reports both fields as totals per iteration (secondary results
 * {@code cpuNanos} and {@code operations}); {@code benchmarks/compare} divides one by the other.
 * The JVM's process CPU clock ticks in steps of up to 10 ms on Linux; a step falls on the
 * operation that was running, so the mean over an iteration of many operations is unbiased.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class CpuTime {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** Process CPU time (all threads) spent in the iteration's operations, in nanoseconds. */
    public long cpuNanos;
    /** Operations in the iteration. */
    public long operations;

    @Setup(Level.Iteration)
    public void clear() {
        cpuNanos = 0;
        operations = 0;
    }

    /** The process CPU clock now; pass it to {@link #stop(long)} after the operation. */
    public long start() {
        return OS.getProcessCpuTime();
    }

    /** Adds the CPU time since {@code start} and counts one operation. */
    public void stop(long start) {
        cpuNanos += OS.getProcessCpuTime() - start;
        operations++;
    }
}
