package org.depthlab.exercises;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A queue of grading jobs with one or two workers, fair across the people who submit, so that
 * a burst of submissions waits (or is turned away) instead of starting a sandboxed JVM each,
 * and so that one person's backlog cannot hold up another's work.
 *
 * <p><b>Fairness.</b> Every job has an owner (the site's session). An owner may have at most
 * {@link Config#perOwner()} jobs in flight (waiting or running); one more is refused with
 * {@link TooMany}. When a worker is free it takes the next job of the owner with the fewest
 * jobs running, and among those the owner served longest ago (one never served first), each
 * owner's jobs in the order they came. So a job of an owner with nothing running starts at the
 * next free worker, whatever the others have waiting: one owner's backlog delays another's
 * first job by at most the time of the job a worker is finishing. Beyond {@link
 * Config#capacity()} waiting jobs in all, {@link #submit} throws {@link Full}.
 *
 * <p>Job ids are random (128 bits), so one student cannot look up another's verdict by
 * guessing. Finished jobs are kept in memory for lookup (the last {@link #RETAINED}); the
 * listener given to the constructor hears when a job starts and when it is done or has
 * failed (on the worker's thread) — that is where the site records them.
 */
public final class GradingQueue implements AutoCloseable {

    /** How many finished jobs are kept for {@link #status}; older ones are forgotten. */
    public static final int RETAINED = 1000;

    /**
     * How a queue is sized.
     *
     * @param workers jobs graded at once, 1 or 2
     * @param capacity jobs that may wait beyond those being graded, at least 1
     * @param perOwner jobs one owner may have waiting or running, at least 1
     */
    public record Config(int workers, int capacity, int perOwner) {

        public Config {
            if (workers < 1 || workers > 2) {
                throw new IllegalArgumentException("a grading queue has 1 or 2 workers, not " + workers);
            }
            if (capacity < 1) {
                throw new IllegalArgumentException("a grading queue holds at least 1 waiting job, not " + capacity);
            }
            if (perOwner < 1) {
                throw new IllegalArgumentException("an owner may have at least 1 job in flight, not " + perOwner);
            }
        }
    }

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
     * @param owner who submitted it
     * @param exerciseId the exercise graded
     * @param state where the job is
     * @param verdict the verdict when {@link State#DONE}, otherwise null
     * @param error what went wrong when {@link State#ERROR}, otherwise empty
     * @param submitted when it was submitted
     * @param finished when it was done or failed, otherwise null
     */
    public record Job(String id, String owner, String exerciseId, State state, Verdict verdict, String error,
                      Instant submitted, Instant finished) {

        Job with(State s, Verdict v, String e, Instant f) {
            return new Job(id, owner, exerciseId, s, v, e, submitted, f);
        }
    }

    /** Hears about every job, on the worker's thread. */
    public interface Listener {
        /** A worker has taken the job. */
        default void started(Job job) {
        }

        /** The job is {@link State#DONE} or {@link State#ERROR}; called exactly once per accepted job. */
        void finished(Job job);
    }

    /** The queue is full; the message asks to retry. */
    public static final class Full extends RuntimeException {

        private static final long serialVersionUID = 1L;

        Full(int capacity) {
            super("Grading is busy: " + capacity + " submissions are waiting already. Please try again in a minute.");
        }
    }

    /** The owner has as many jobs in flight as it may; the message asks to wait for one. */
    public static final class TooMany extends RuntimeException {

        private static final long serialVersionUID = 1L;

        TooMany(int perOwner) {
            super("You have " + perOwner + " submissions being graded already; wait until one of them has its verdict.");
        }
    }

    /** A job waiting for a worker, with what it needs to run. */
    private record Task(String id, String owner, Exercise exercise, Submission submission) {
    }

    private final BiFunction<Exercise, Submission, Verdict> grading;
    private final Supplier<Optional<String>> sandboxProblem;
    private final Config config;
    private final Listener listener;
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final Map<String, Deque<Task>> waiting = new LinkedHashMap<>();
    private final Map<String, Integer> running = new HashMap<>();
    private final Map<String, Long> lastStarted = new HashMap<>();
    private final List<Thread> workers = new ArrayList<>();
    private final SecureRandom random = new SecureRandom();
    private long starts;
    private int waitingCount;
    private boolean closed;

    /** A queue that grades with {@code grader}. */
    public GradingQueue(Grader grader, Config config, Listener listener) {
        this(grader::grade, grader::sandboxProblem, config, listener);
    }

    /**
     * A queue that grades with {@code grading}, and refuses Java submissions with the reason
     * {@code sandboxProblem} gives, if it gives one.
     */
    public GradingQueue(BiFunction<Exercise, Submission, Verdict> grading, Supplier<Optional<String>> sandboxProblem,
                        Config config, Listener listener) {
        this.grading = grading;
        this.sandboxProblem = sandboxProblem;
        this.config = config;
        this.listener = listener;
        for (int i = 1; i <= config.workers(); i++) {
            Thread t = new Thread(this::work, "grading-" + i);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
    }

    /**
     * Queues a submission of {@code owner}'s and returns its job id at once.
     *
     * @throws TooMany when the owner has {@code perOwner} jobs in flight already
     * @throws Full when {@code capacity} jobs are waiting already
     * @throws SandboxUnavailableException for a Java exercise when this machine cannot grade Java
     */
    public String submit(String owner, Exercise exercise, Submission submission) {
        if (exercise.kind() == Exercise.Kind.JAVA) {
            sandboxProblem.get().ifPresent(reason -> {
                throw new SandboxUnavailableException("Java code cannot be graded here: " + reason + ".");
            });
        }
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String id = HexFormat.of().formatHex(bytes);
        synchronized (this) {
            if (closed) {
                throw new Full(config.capacity());
            }
            int inFlight = running.getOrDefault(owner, 0) + waiting.getOrDefault(owner, new ArrayDeque<>()).size();
            if (inFlight >= config.perOwner()) {
                throw new TooMany(config.perOwner());
            }
            if (waitingCount >= config.capacity()) {
                throw new Full(config.capacity());
            }
            jobs.put(id, new Job(id, owner, exercise.id(), State.PENDING, null, "", Instant.now(), null));
            waiting.computeIfAbsent(owner, o -> new ArrayDeque<>()).addLast(new Task(id, owner, exercise, submission));
            waitingCount++;
            notifyAll();
        }
        return id;
    }

    /** A worker: takes the fairest next job, grades it, reports it, until the queue is closed. */
    private void work() {
        while (true) {
            Task task;
            Job started;
            synchronized (this) {
                while (!closed && waitingCount == 0) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                task = next();
                running.merge(task.owner(), 1, Integer::sum);
                lastStarted.put(task.owner(), ++starts);
                started = update(task.id(), j -> j.with(State.RUNNING, null, "", null));
            }
            report(() -> listener.started(started));
            Job finished;
            try {
                Verdict v = grading.apply(task.exercise(), task.submission());
                finished = finish(task, j -> j.with(State.DONE, v, "", Instant.now()));
            } catch (RuntimeException e) {
                finished = finish(task, j -> j.with(State.ERROR, null, "grading failed: " + e.getMessage(), Instant.now()));
            }
            Job done = finished;
            report(() -> listener.finished(done));
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }

    /** Tells the listener; a listener that fails is a bug, reported, and the worker goes on with the next job. */
    private static void report(Runnable tell) {
        try {
            tell.run();
        } catch (RuntimeException e) {
            Thread t = Thread.currentThread();
            t.getUncaughtExceptionHandler().uncaughtException(t, e);
        }
    }

    /**
     * The waiting job to start now: of the owner with the fewest jobs running, then the one
     * served longest ago (never served counts as longest), then the owner's oldest job.
     */
    private Task next() {
        String best = null;
        for (String owner : waiting.keySet()) {
            if (best == null || fairer(owner, best)) {
                best = owner;
            }
        }
        Deque<Task> queue = waiting.get(best);
        Task task = queue.pollFirst();
        if (queue.isEmpty()) {
            waiting.remove(best);
        }
        waitingCount--;
        return task;
    }

    private boolean fairer(String a, String b) {
        int ra = running.getOrDefault(a, 0);
        int rb = running.getOrDefault(b, 0);
        if (ra != rb) {
            return ra < rb;
        }
        return lastStarted.getOrDefault(a, 0L) < lastStarted.getOrDefault(b, 0L);
    }

    private synchronized Job finish(Task task, UnaryOperator<Job> change) {
        running.merge(task.owner(), -1, (x, y) -> x + y == 0 ? null : x + y);
        if (!running.containsKey(task.owner()) && !waiting.containsKey(task.owner())) {
            lastStarted.remove(task.owner()); // an owner with nothing in flight is remembered no longer
        }
        return update(task.id(), change);
    }

    private synchronized Job update(String id, UnaryOperator<Job> change) {
        Job j = change.apply(jobs.get(id));
        jobs.put(id, j);
        forgetOldFinishedJobs();
        return j;
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
    public synchronized Optional<Job> status(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    /** Stops the workers: waiting jobs are dropped, running ones interrupted (their sandboxes killed). */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        for (Thread t : workers) {
            t.interrupt();
        }
        for (Thread t : workers) {
            try {
                t.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
