package org.depthlab.site;

import java.util.HashMap;
import java.util.Map;
import org.depthlab.exercises.Exercise;
import org.depthlab.exercises.Grader;
import org.depthlab.exercises.GradingQueue;
import org.depthlab.exercises.SandboxUnavailableException;
import org.depthlab.exercises.Submission;
import org.depthlab.exercises.Verdict;

/**
 * The site's {@link Grading} on the exercises' {@link GradingQueue}: a bounded queue with one
 * or two workers in front of the {@link Grader}, which compares numeric and choice answers in
 * this process and runs Java code only inside its sandbox.
 *
 * <p>The queue tells one listener about every finished job; this class hands each job's
 * verdict to the listener of the submission it came from. A job whose grading failed (the
 * machine or a bug, never the student's code) gets a "crashed" verdict that says so, so that
 * every accepted submission ends with a verdict. The queue reports no start of a job, so a
 * submission stays "queued" until it is done.
 */
public final class QueueGrading implements Grading {

    private final Grader grader;
    private final GradingQueue queue;
    private final Map<String, Listener> listeners = new HashMap<>();

    /** A queue of {@code capacity} waiting jobs and {@code workers} (1 or 2) workers over {@code grader}. */
    public QueueGrading(Grader grader, int workers, int capacity) {
        this.grader = grader;
        this.queue = new GradingQueue(grader, workers, capacity, this::finished);
    }

    /**
     * {@inheritDoc}
     *
     * @throws HttpError 503 when the exercise is Java and this machine has no working sandbox
     */
    @Override
    public boolean submit(Exercise exercise, Answer answer, Listener listener) {
        Submission submission = answer.answer() != null ? Submission.answer(answer.answer()) : Submission.code(answer.files());
        // Held while submitting, so that a job finishing at once finds its listener.
        synchronized (listeners) {
            try {
                listeners.put(queue.submit(exercise, submission), listener);
                return true;
            } catch (GradingQueue.Full e) {
                return false;
            } catch (SandboxUnavailableException e) {
                throw new HttpError(503, e.getMessage());
            }
        }
    }

    private void finished(GradingQueue.Job job) {
        Listener listener;
        synchronized (listeners) {
            listener = listeners.remove(job.id());
        }
        if (listener == null) {
            throw new IllegalStateException("grading job " + job.id() + " finished without a submission waiting for it");
        }
        listener.done(job.state() == GradingQueue.State.DONE ? job.verdict()
                : Verdict.of(Verdict.Status.CRASHED, "Grading failed on the server, not because of your code; "
                        + "please submit again.", job.error()));
    }

    /** Stops the workers (waiting jobs are dropped and are marked lost at the next start) and the grader. */
    @Override
    public void close() {
        queue.close();
        grader.close();
    }
}
