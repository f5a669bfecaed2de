package org.depthlab.exercises;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * A bounded queue of grading jobs with one or two workers, so that a burst of submissions
 * waits (or is turned away) instead of starting a sandboxed JVM each. The site submits a job,
 * answers 202 with its id, and polls {@link #status}; when the queue is full, {@link #submit}
 * throws {@link Full} and the site answers 503 with its message.
 *
 * <p>Job ids are random (128 bits), so one student cannot look up another's verdict by
 * guessing. Finished jobs are kept in memory for lookup (the last {@link #RETAINED}); the
 * listener given to the constructor is where verdicts are persisted — it is called on the
 * worker's thread once a job is done or has failed.
 */
public final class GradingQueue implements AutoCloseable {

    /** How many finished jobs are kept for {@link #status}; older ones are forgotten. */
    public static final int RETAINED = 1000;

    /** Where a job is. */
    public enum State {
        /** Waiting for a worker. */
        PENDING,
        /** Being graded. */
        RUNNING,
        /** Graded: the job has a verdict. */
        DONE,
        /** Grading itself failed (a bug or the machine, never the student's code): the job has an error. */
        ERROR
    }

    /**
     * A job as seen from outside.
     *
     * @param id the ticket id returned by {@link #submit}
     * @param exerciseId the exercise graded
     * @param state where the job is
     * @param verdict the verdict when {@link State#DONE}, otherwise null
     * @param error what went wrong when {@link State#ERROR}, otherwise empty
     * @param submitted when it was submitted
     * @param finished when it was done or failed, otherwise null
     */
    public record Job(String id, String exerciseId, State state, Verdict verdict, String error, Instant submitted,
                      Instant finished) {

        Job with(State s, Verdict v, String e, Instant f) {
            return new Job(id, exerciseId, s, v, e, submitted, f);
        }
    }

    /** The queue is full; the message asks to retry. */
    public static final class Full extends RuntimeException {

        private static final long serialVersionUID = 1L;

        Full(int capacity) {
            super("Grading is busy: " + capacity + " submissions are waiting already. Please try again in a minute.");
        }
    }

    private final BiFunction<Exercise, Submission, Verdict> grading;
    private final Grader grader;
    private final Consumer<Job> onFinished;
    private final ThreadPoolExecutor workers;
    private final int capacity;
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final SecureRandom random = new SecureRandom();

    /**
     * A queue that grades with {@code grader}.
     *
     * @param workers 1 or 2 jobs graded at once
     * @param capacity jobs that may wait beyond those being graded (at least 1)
     * @param onFinished called with each job once it is {@link State#DONE} or {@link State#ERROR}
     */
    public GradingQueue(Grader grader, int workers, int capacity, Consumer<Job> onFinished) {
        this(grader, grader::grade, workers, capacity, onFinished);
    }

    GradingQueue(Grader grader, BiFunction<Exercise, Submission, Verdict> grading, int workers, int capacity,
                 Consumer<Job> onFinished) {
        if (workers < 1 || workers > 2) {
            throw new IllegalArgumentException("a grading queue has 1 or 2 workers, not " + workers);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("a grading queue holds at least 1 waiting job, not " + capacity);
        }
        this.grader = grader;
        this.grading = grading;
        this.onFinished = onFinished;
        this.capacity = capacity;
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(capacity), r -> {
            Thread t = new Thread(r, "grading-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Queues a submission and returns its job id at once.
     *
     * @throws Full when {@code capacity} jobs are already waiting
     * @throws SandboxUnavailableException for a Java exercise when this machine cannot grade Java
     */
    public String submit(Exercise exercise, Submission submission) {
        if (exercise.kind() == Exercise.Kind.JAVA && grader != null) {
            grader.sandboxProblem().ifPresent(reason -> {
                throw new SandboxUnavailableException("Java code cannot be graded here: " + reason + ".");
            });
        }
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String id = HexFormat.of().formatHex(bytes);
        Job job = new Job(id, exercise.id(), State.PENDING, null, "", Instant.now(), null);
        synchronized (jobs) {
            jobs.put(id, job);
        }
        try {
            workers.execute(() -> run(id, exercise, submission));
        } catch (RejectedExecutionException e) {
            synchronized (jobs) {
                jobs.remove(id);
            }
            throw new Full(capacity);
        }
        return id;
    }

    private void run(String id, Exercise exercise, Submission submission) {
        update(id, j -> j.with(State.RUNNING, null, "", null));
        Job finished;
        try {
            Verdict v = grading.apply(exercise, submission);
            finished = update(id, j -> j.with(State.DONE, v, "", Instant.now()));
        } catch (RuntimeException e) {
            finished = update(id, j -> j.with(State.ERROR, null, "grading failed: " + e.getMessage(), Instant.now()));
            onFinished.accept(finished);
            throw e;
        }
        onFinished.accept(finished);
    }

    private Job update(String id, java.util.function.UnaryOperator<Job> change) {
        synchronized (jobs) {
            Job j = change.apply(jobs.get(id));
            jobs.put(id, j);
            forgetOldFinishedJobs();
            return j;
        }
    }

    private void forgetOldFinishedJobs() {
        long finished = jobs.values().stream().filter(j -> j.finished() != null).count();
        var it = jobs.values().iterator();
        while (finished > RETAINED && it.hasNext()) {
            if (it.next().finished() != null) {
                it.remove();
                finished--;
            }
        }
    }

    /** The job with this id, if it is waiting, running, or among the recently finished. */
    public Optional<Job> status(String id) {
        synchronized (jobs) {
            return Optional.ofNullable(jobs.get(id));
        }
    }

    /** Stops the workers: waiting jobs are dropped, running ones interrupted (their sandboxes killed). */
    @Override
    public void close() {
        workers.shutdownNow();
        try {
            workers.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
