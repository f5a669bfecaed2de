package org.depthlab.site;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.depthlab.exercises.Verdict;

/**
 * The site's memory: every submission and its verdict, in an embedded SQLite database
 * ({@code site.db} in the data directory) in write-ahead-log mode with full syncs.
 *
 * <p><b>Durability.</b> A submission is inserted (state {@code queued}) before it is handed to
 * the grader, and its verdict is written in one transaction with the state {@code done}; a
 * transaction that committed survives a crash or kill of the process. A submission still
 * queued or running when the server stopped is marked {@code lost} at the next start — the
 * student is told to submit again — never left waiting for ever.
 *
 * <p>One connection serves every request, one statement at a time (the methods are
 * synchronized): SQLite writes one transaction at a time anyway, and the site's queries are
 * small.
 *
 * <p>The database holds every student's answers and code, so it is readable by its owner only:
 * the data folder is created {@code rwx------} and the database file {@code rw-------} before
 * SQLite opens it (SQLite gives its journal files the database's permissions).
 */
public final class Store implements AutoCloseable {

    /** Where a submission is in its life. */
    public enum State {
        QUEUED, RUNNING, DONE, LOST;

        /** The state as the API and the database spell it. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One stored submission.
     *
     * @param id its random id
     * @param session the anonymous session that made it
     * @param exercise the exercise id
     * @param answer what was submitted
     * @param created milliseconds since the epoch
     * @param state where it is
     * @param verdict the verdict once {@code state} is done, else null
     */
    public record Submission(String id, String session, String exercise, Answer answer, long created, State state,
                             Verdict verdict) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Connection db;

    private Store(Connection db) {
        this.db = db;
    }

    /** Opens (creating if needed) {@code site.db} in {@code dataDir}, and marks unfinished work lost. */
    public static Store open(Path dataDir) {
        Path file = dataDir.resolve("site.db");
        ownerOnly(dataDir, file);
        try {
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("PRAGMA busy_timeout=5000");
                s.execute("""
                        CREATE TABLE IF NOT EXISTS submissions (
                          id TEXT PRIMARY KEY,
                          session TEXT NOT NULL,
                          exercise TEXT NOT NULL,
                          answer TEXT NOT NULL,
                          created INTEGER NOT NULL,
                          state TEXT NOT NULL,
                          verdict TEXT,
                          passed INTEGER NOT NULL DEFAULT 0)""");
                s.execute("CREATE INDEX IF NOT EXISTS submissions_by_session ON submissions (session, exercise)");
                s.execute("UPDATE submissions SET state = 'lost' WHERE state IN ('queued', 'running')");
            }
            return new Store(c);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the site's database in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates {@code dir} ({@code rwx------}) and an empty {@code file} in it
     * ({@code rw-------}) if they do not exist, and takes group and other permissions off
     * {@code file} if it does.
     */
    static void ownerOnly(Path dir, Path file) {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
        } catch (IOException e) {
            throw new org.depthlab.BadInputException("cannot create " + file + " (" + e.getMessage() + ").");
        }
    }

    /** Records a submission graded at once (a numeric or choice answer), with its verdict, in one statement. */
    public synchronized void insertGraded(Submission s) {
        try (PreparedStatement p = db.prepareStatement("INSERT INTO submissions (id, session, exercise, answer, created, "
                + "state, verdict, passed) VALUES (?, ?, ?, ?, ?, 'done', ?, ?)")) {
            p.setString(1, s.id());
            p.setString(2, s.session());
            p.setString(3, s.exercise());
            p.setString(4, json(s.answer()));
            p.setLong(5, s.created());
            p.setString(6, json(s.verdict()));
            p.setInt(7, s.verdict().passed() ? 1 : 0);
            p.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record submission " + s.id(), e);
        }
    }

    /** Whether a session has made any submission (so its id was in use before ids were signed). */
    public synchronized boolean hasSubmissions(String session) {
        try (PreparedStatement p = db.prepareStatement("SELECT 1 FROM submissions WHERE session = ? LIMIT 1")) {
            p.setString(1, session);
            try (ResultSet r = p.executeQuery()) {
                return r.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot look a session up", e);
        }
    }

    /** Records a new submission as queued, before it is graded. */
    public synchronized void insert(Submission s) {
        try (PreparedStatement p = db.prepareStatement(
                "INSERT INTO submissions (id, session, exercise, answer, created, state) VALUES (?, ?, ?, ?, ?, ?)")) {
            p.setString(1, s.id());
            p.setString(2, s.session());
            p.setString(3, s.exercise());
            p.setString(4, json(s.answer()));
            p.setLong(5, s.created());
            p.setString(6, State.QUEUED.label());
            p.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record submission " + s.id(), e);
        }
    }

    /** Forgets a submission the grader refused (the queue was full). */
    public synchronized void delete(String id) {
        update("DELETE FROM submissions WHERE id = ?", id);
    }

    /** Marks a submission as being graded. */
    public synchronized void running(String id) {
        update("UPDATE submissions SET state = 'running' WHERE id = ? AND state = 'queued'", id);
    }

    /** Records the verdict and the state done in one transaction. */
    public synchronized void finish(String id, Verdict verdict) {
        try {
            db.setAutoCommit(false);
            try (PreparedStatement p = db.prepareStatement(
                    "UPDATE submissions SET state = 'done', verdict = ?, passed = ? WHERE id = ?")) {
                p.setString(1, json(verdict));
                p.setInt(2, verdict.passed() ? 1 : 0);
                p.setString(3, id);
                p.executeUpdate();
                db.commit();
            } catch (SQLException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the verdict of submission " + id, e);
        }
    }

    /** The submission with this id, if there is one. */
    public synchronized Optional<Submission> find(String id) {
        List<Submission> found = query("SELECT * FROM submissions WHERE id = ?", id);
        return found.stream().findFirst();
    }

    /** A session's submissions, oldest first. */
    public synchronized List<Submission> ofSession(String session) {
        return query("SELECT * FROM submissions WHERE session = ? ORDER BY created, rowid", session);
    }

    /** A session's submissions to one exercise, newest first. */
    public synchronized List<Submission> ofSession(String session, String exercise) {
        return query("SELECT * FROM submissions WHERE session = ? AND exercise = ? ORDER BY created DESC, rowid DESC",
                session, exercise);
    }

    /** A session's progress: for each exercise it tried, whether it passed it. */
    public synchronized Map<String, Boolean> progress(String session) {
        Map<String, Boolean> out = new LinkedHashMap<>();
        try (PreparedStatement p = db.prepareStatement(
                "SELECT exercise, MAX(passed) FROM submissions WHERE session = ? GROUP BY exercise")) {
            p.setString(1, session);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.put(r.getString(1), r.getInt(2) == 1);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the progress of a session", e);
        }
        return out;
    }

    /** Forgets everything a session did. */
    public synchronized void reset(String session) {
        update("DELETE FROM submissions WHERE session = ?", session);
    }

    /** The number of submissions in each state (for the load test and the operator). */
    public synchronized Map<State, Integer> counts() {
        Map<State, Integer> out = new LinkedHashMap<>();
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(
                "SELECT state, COUNT(*) FROM submissions GROUP BY state")) {
            while (r.next()) {
                out.put(State.valueOf(r.getString(1).toUpperCase(java.util.Locale.ROOT)), r.getInt(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count submissions", e);
        }
        return out;
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot close the site's database", e);
        }
    }

    private void update(String sql, String arg) {
        try (PreparedStatement p = db.prepareStatement(sql)) {
            p.setString(1, arg);
            p.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run " + sql, e);
        }
    }

    private List<Submission> query(String sql, String... args) {
        List<Submission> out = new ArrayList<>();
        try (PreparedStatement p = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                p.setString(i + 1, args[i]);
            }
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    String v = r.getString("verdict");
                    out.add(new Submission(r.getString("id"), r.getString("session"), r.getString("exercise"),
                            JSON.readValue(r.getString("answer"), Answer.class), r.getLong("created"),
                            State.valueOf(r.getString("state").toUpperCase(java.util.Locale.ROOT)),
                            v == null ? null : JSON.readValue(v, Verdict.class)));
                }
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("cannot read submissions", e);
        }
        return out;
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + o + " as JSON", e);
        }
    }
}
