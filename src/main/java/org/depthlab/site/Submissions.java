package org.depthlab.site;

import java.security.SecureRandom;
import java.util.Base64;
import org.depthlab.exercises.Exercise;
import org.depthlab.exercises.Grader;
import org.depthlab.exercises.Verdict;

/**
 * Taking a submission, the same for the HTML form and the JSON API: check its size and shape,
 * apply the rate limits, and then
 *
 * <ul>
 *   <li>a numeric or choice answer: compare it with the reference at once (nothing of the
 *       student's runs, so it needs no queue and waits behind nobody's code) and record it
 *       with its verdict;</li>
 *   <li>Java code: record it, and hand it to the grading queue, whose verdict is then
 *       recorded. The order is what makes a kill harmless: the row exists before grading
 *       starts, and the verdict is written in one transaction ({@link Store}).</li>
 * </ul>
 */
final class Submissions {

    private final Store store;
    private final Grading grading;
    private final RateLimiter perSession;
    private final RateLimiter perAddress;
    private final SecureRandom random = new SecureRandom();

    Submissions(Store store, Grading grading, SiteConfig config) {
        this.store = store;
        this.grading = grading;
        this.perSession = new RateLimiter(config.submissionsPerSession(), 60_000);
        this.perAddress = new RateLimiter(config.submissionsPerAddress(), 60_000);
    }

    /**
     * Records and queues {@code answer} to {@code exercise} for {@code session}, which
     * connected from {@code address} (the socket's remote address).
     *
     * @return the new submission's id
     * @throws HttpError 400 for a malformed answer (a choice that is not an option among
     *     them), 413 for one over 64 KiB, 429 over the rate limit or with as many Java
     *     submissions of the session being graded as it may have, 503 when the grading queue
     *     is full
     */
    String submit(String session, String address, Exercise exercise, Answer answer) {
        check(exercise, answer);
        Verdict atOnce = exercise.kind() == Exercise.Kind.JAVA ? null : Grader.answer(exercise, answer.answer());
        long now = System.currentTimeMillis();
        if (!perSession.allow("session:" + session, now) || !perAddress.allow("address:" + address, now)) {
            throw new HttpError(429, "Too many submissions in the last minute; wait a little and submit again.");
        }
        byte[] b = new byte[16];
        random.nextBytes(b);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        if (atOnce != null) {
            store.insertGraded(new Store.Submission(id, session, exercise.id(), answer, now, Store.State.DONE, atOnce));
            return id;
        }
        store.insert(new Store.Submission(id, session, exercise.id(), answer, now, Store.State.QUEUED, null));
        Grading.Admission admission;
        try {
            admission = grading.submit(session, exercise, answer, listener(id));
        } catch (RuntimeException e) {
            store.delete(id);
            throw e;
        }
        switch (admission) {
            case ACCEPTED -> {
                return id;
            }
            case TOO_MANY -> {
                store.delete(id);
                throw new HttpError(429, "Your earlier submissions are still being graded; submit again when one of them "
                        + "has its verdict.");
            }
            default -> {
                store.delete(id);
                throw new HttpError(503, "The grader is busy; please submit again in a few seconds.");
            }
        }
    }

    /** Records the job's progress and verdict under the submission's id. */
    private Grading.Listener listener(String id) {
        return new Grading.Listener() {
            @Override
            public void started() {
                store.running(id);
            }

            @Override
            public void done(Verdict verdict) {
                store.finish(id, verdict);
            }
        };
    }

    private static void check(Exercise exercise, Answer answer) {
        if (answer.bytes() > SiteConfig.MAX_SOURCE) {
            throw new HttpError(413, "The submission has " + answer.bytes() + " bytes; at most "
                    + SiteConfig.MAX_SOURCE + " (64 KiB) are accepted.");
        }
        switch (exercise.kind()) {
            case JAVA -> {
                if (answer.answer() != null || !answer.files().keySet().equals(new java.util.HashSet<>(exercise.files()))) {
                    throw new HttpError(400, "This exercise expects the source files " + String.join(", ", exercise.files())
                            + " (as \"code\").");
                }
            }
            case NUMERIC -> {
                if (answer.answer() == null || answer.answer().isBlank()) {
                    throw new HttpError(400, "This exercise expects a number (as \"answer\").");
                }
            }
            case CHOICE -> {
                // Whether it is one of the options, the grader says (BadInputException: 400).
                if (answer.answer() == null) {
                    throw new HttpError(400, "This exercise expects one of the options "
                            + String.join(", ", exercise.options().stream().map(Exercise.Option::key).toList())
                            + " (as \"answer\").");
                }
            }
        }
    }
}
