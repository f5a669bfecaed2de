package org.depthlab.site;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.depthlab.exercises.Exercise;
import org.depthlab.exercises.Grader;
import org.depthlab.exercises.GradingQueue;
import org.depthlab.exercises.SandboxUnavailableException;
import org.depthlab.exercises.Submission;
import org.depthlab.exercises.Verdict;

/**
 * The site's {@link Grading} on the exercises' {@link GradingQueue}: one or two workers in
 * front of the {@link Grader}, which runs Java code only inside its sandbox, with a limit of
 * jobs in flight per session and fair turns across sessions (see the queue), so that one
 * session's flood of submissions that never end delays another's first job by at most one
 * job's time.
 *
 * <p>The queue tells one listener about every job; this class hands each job's start and
 * verdict to the listener of the submission it came from. A job whose grading failed (the
 * machine or a bug, never the student's code) gets a "crashed" verdict that says so, so that
 * every accepted submission ends with a verdict.
 */
public final class QueueGrading implements Grading {

    private final AutoCloseable grader;
    private final GradingQueue queue;
    private final Map<String, Listener> listeners = new HashMap<>();

    /** A queue sized by {@code config} over {@code grader} (closed with this). */
    public QueueGrading(Grader grader, GradingQueue.Config config) {
        this.grader = grader;
        this.queue = new GradingQueue(grader, config, new Relay());
    }

    /** A queue over a stand-in for the grader that runs no sandbox (tests: jobs that take long, or never end). */
    QueueGrading(BiFunction<Exercise, Submission, Verdict> grading, GradingQueue.Config config) {
        this.grader = () -> { };
        this.queue = new GradingQueue(grading, Optional::empty, config, new Relay());
    }

    /**
     * {@inheritDoc}
     *
     * @throws HttpError 503 when the exercise is Java and this machine has no working sandbox
     */
    @Override
    public Admission submit(String session, Exercise exercise, Answer answer, Listener listener) {
        Submission submission = answer.answer() != null ? Submission.answer(answer.answer()) : Submission.code(answer.files());
        // Held while submitting, so that a job starting at once finds its listener.
        synchronized (listeners) {
            try {
                listeners.put(queue.submit(session, exercise, submission), listener);
                return Admission.ACCEPTED;
            } catch (GradingQueue.Full e) {
                return Admission.FULL;
            } catch (GradingQueue.TooMany e) {
                return Admission.TOO_MANY;
            } catch (SandboxUnavailableException e) {
                throw new HttpError(503, e.getMessage());
            }
        }
    }

    /** Passes the queue's news on to the submission's own listener. */
    private final class Relay implements GradingQueue.Listener {

        @Override
        public void started(GradingQueue.Job job) {
            listener(job, false).started();
        }

        @Override
        public void finished(GradingQueue.Job job) {
            listener(job, true).done(job.state() == GradingQueue.State.DONE ? job.verdict()
                    : Verdict.of(Verdict.Status.CRASHED, "Grading failed on the server, not because of your code; "
                            + "please submit again.", job.error()));
        }

        private Listener listener(GradingQueue.Job job, boolean last) {
            Listener l;
            synchronized (listeners) {
                l = last ? listeners.remove(job.id()) : listeners.get(job.id());
            }
            if (l == null) {
                throw new IllegalStateException("grading job " + job.id() + " has no submission waiting for it");
            }
            return l;
        }
    }

    /** Stops the workers (waiting jobs are dropped and are marked lost at the next start) and the grader. */
    @Override
    public void close() {
        queue.close();
        try {
            grader.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot close the grader", e);
        }
    }
}
