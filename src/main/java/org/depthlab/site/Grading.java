package org.depthlab.site;

import org.depthlab.exercises.Exercise;
import org.depthlab.exercises.Verdict;

/**
 * Where the site sends Java submissions to be graded: a bounded queue with a few workers,
 * fair across sessions, which tells a {@link Listener} when a job starts and what its verdict
 * is. The site never runs code itself; Java code is graded only by the sandboxed grader behind
 * this interface. (Numeric and choice answers need no queue: the site compares them at once.)
 */
public interface Grading extends AutoCloseable {

    /** Hears about one job, on a worker thread. */
    interface Listener {
        /** A worker has taken the job. */
        void started();

        /** The job's verdict; called exactly once per accepted job. */
        void done(Verdict verdict);
    }

    /** Whether a job was taken. */
    enum Admission {
        /** Queued; the listener will hear about it. */
        ACCEPTED,
        /** The queue is full: nobody's job can wait now (503). */
        FULL,
        /** This session has as many jobs in flight as it may (429). */
        TOO_MANY
    }

    /**
     * Queues {@code answer} to {@code exercise} for {@code session}.
     *
     * @return whether it was accepted; the listener is called only for an accepted job
     */
    Admission submit(String session, Exercise exercise, Answer answer, Listener listener);

    /** Stops taking jobs and waits a little for the running ones. */
    @Override
    void close();
}
