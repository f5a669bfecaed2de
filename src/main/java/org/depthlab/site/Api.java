package org.depthlab.site;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.depthlab.exercises.Catalog;
import org.depthlab.exercises.Exercise;
import org.depthlab.exercises.Verdict;

/**
 * The JSON API, for scripts and for the page's own polling:
 *
 * <pre>
 * GET  /api/exercises                        the exercises (id, title, chapter, kind)
 * GET  /api/exercises/{id}                   one exercise: instructions, hints, starter files, options
 * POST /api/exercises/{id}/submissions       {"code": "…"} or {"code": {"File.java": "…"}}
 *                                            → 202 {"id": …, "url": …, "state": "queued"}
 *                                            {"answer": …} → 201, the submission with its verdict
 * GET  /api/submissions/{id}                 {"state": queued|running|done|lost, "verdict": {…} or null}
 * </pre>
 *
 * A submission belongs to the session (cookie) that made it; another session gets 404 for it.
 * Errors are {@code {"error": "…", "status": n}} with the status 400, 404, 408, 413, 415, 429 or 503.
 */
final class Api {

    private final Catalog catalog;
    private final Store store;
    private final Sessions sessions;
    private final Submissions submissions;

    Api(Catalog catalog, Store store, Sessions sessions, Submissions submissions) {
        this.catalog = catalog;
        this.store = store;
        this.sessions = sessions;
        this.submissions = submissions;
    }

    void routes(Javalin app) {
        app.get("/api/exercises", this::list);
        app.get("/api/exercises/{id}", this::exercise);
        app.post("/api/exercises/{id}/submissions", this::submit);
        app.get("/api/submissions/{id}", this::submission);
    }

    private Exercise exerciseOf(String id) {
        return catalog.find(id).orElseThrow(() -> HttpError.notFound("exercise '" + id + "'"));
    }

    private void list(Context ctx) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Exercise e : catalog.all()) {
            out.add(summary(e));
        }
        ctx.json(out);
    }

    private static Map<String, Object> summary(Exercise e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("title", e.title());
        m.put("chapter", e.chapter());
        m.put("kind", e.kind().label());
        m.put("url", "/api/exercises/" + e.id());
        return m;
    }

    private void exercise(Context ctx) {
        Exercise e = exerciseOf(ctx.pathParam("id"));
        Map<String, Object> m = summary(e);
        m.put("instructions", e.instructions());
        m.put("hints", e.hints());
        Map<String, String> starter = new LinkedHashMap<>();
        e.files().forEach(f -> starter.put(f, e.starter(f)));
        m.put("files", starter);
        m.put("options", e.options());
        m.put("unit", e.unit());
        ctx.json(m);
    }

    private void submit(Context ctx) {
        String session = sessions.of(ctx);
        Exercise e = exerciseOf(ctx.pathParam("id"));
        JsonNode body;
        try {
            body = Site.JSON.readTree(ctx.body());
        } catch (JsonProcessingException ex) {
            throw new HttpError(400, "The body is not valid JSON.");
        }
        if (body == null || !body.isObject()) {
            throw new HttpError(400, "The body must be a JSON object with \"code\" or \"answer\".");
        }
        Answer answer;
        JsonNode code = body.get("code");
        JsonNode given = body.get("answer");
        if (code != null && given == null && e.kind() == Exercise.Kind.JAVA) {
            Map<String, String> files = new LinkedHashMap<>();
            if (code.isTextual() && e.files().size() == 1) {
                files.put(e.files().get(0), code.asText());
            } else if (code.isObject()) {
                code.fields().forEachRemaining(f -> files.put(f.getKey(), f.getValue().asText()));
            }
            if (files.isEmpty()) {
                throw new HttpError(400, "\"code\" must be the source text, or an object from file name to source.");
            }
            answer = Answer.ofFiles(files);
        } else if (given != null && code == null && e.kind() != Exercise.Kind.JAVA && given.isValueNode()) {
            answer = Answer.of(given.asText());
        } else {
            throw new HttpError(400, "This " + e.kind().label() + " exercise takes "
                    + (e.kind() == Exercise.Kind.JAVA ? "{\"code\": …}" : "{\"answer\": …}") + ".");
        }
        String id = submissions.submit(session, ctx.req().getRemoteAddr(), e, answer);
        if (e.kind() == Exercise.Kind.JAVA) {
            ctx.status(202).json(Map.of("id", id, "url", "/api/submissions/" + id, "state", Store.State.QUEUED.label()));
        } else {
            // Graded at once: the answer carries the verdict.
            Map<String, Object> graded = describe(store.find(id).orElseThrow());
            graded.put("url", "/api/submissions/" + id);
            ctx.status(201).json(graded);
        }
    }

    private void submission(Context ctx) {
        String session = sessions.of(ctx);
        Store.Submission s = store.find(ctx.pathParam("id")).filter(x -> x.session().equals(session))
                .orElseThrow(() -> HttpError.notFound("submission '" + ctx.pathParam("id") + "' in this session"));
        ctx.json(describe(s));
    }

    /** A submission as JSON: id, exercise, when, state and verdict. */
    static Map<String, Object> describe(Store.Submission s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("exercise", s.exercise());
        m.put("created", java.time.Instant.ofEpochMilli(s.created()).toString());
        m.put("state", s.state().label());
        m.put("answer", s.answer().answer() != null ? s.answer().answer() : s.answer().files());
        Verdict v = s.verdict();
        if (v == null) {
            m.put("verdict", null);
        } else {
            Map<String, Object> vm = new LinkedHashMap<>();
            vm.put("status", v.status().name().toLowerCase(java.util.Locale.ROOT));
            vm.put("words", v.status().words());
            vm.put("passed", v.passed());
            vm.put("summary", v.summary());
            vm.put("tests", v.tests());
            vm.put("detail", v.detail());
            m.put("verdict", vm);
        }
        return m;
    }
}
