package org.depthlab.site;

import org.depthlab.exercises.Exercise;
import org.depthlab.exercises.Verdict;

/**
 * Where the site sends submissions to be graded: a bounded queue with a few workers, which
 * tells a {@link Listener} when a job starts and what its verdict is. The site never grades
 * anything itself; Java code is graded only by the sandboxed grader behind this interface.
 */
public interface Grading extends AutoCloseable {

    /** Hears about one job, on a worker thread. */
    interface Listener {
        /** A worker has taken the job. */
        void started();

        /** The job's verdict; called exactly once per accepted job. */
        void done(Verdict verdict);
    }

    /**
     * Queues {@code answer} to {@code exercise}.
     *
     * @return false, and no call to the listener, when the queue is full
     */
    boolean submit(Exercise exercise, Answer answer, Listener listener);

    /** Stops taking jobs and waits a little for the running ones. */
    @Override
    void close();
}
