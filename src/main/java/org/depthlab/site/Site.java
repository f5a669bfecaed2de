package org.depthlab.site;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;
import org.depthlab.BadInputException;
import org.depthlab.exercises.Catalog;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.FilterHolder;

/**
 * The exercise site: a Javalin server with the book's chapters, the exercises and their
 * grading, progress, the Sudoku demo and the runs page. {@link Pages} answers the HTML routes,
 * {@link Api} the JSON ones, {@link SudokuDemo} the demo, {@link RunsPage} the runs and the
 * experiments' figures; this class wires them up and guards every request:
 *
 * <ul>
 *   <li>security headers on every response: a Content-Security-Policy that allows only this
 *       origin's scripts, styles and forms (no CDN, no inline script), {@code nosniff}, and
 *       {@code Referrer-Policy: same-origin};</li>
 *   <li>a request whose {@code Host} is not one of the site's names is refused (400), so that
 *       a page of another domain that resolves to this machine cannot use the site (DNS
 *       rebinding);</li>
 *   <li>request bodies are read by {@link RequestBodies} before the site sees them: without
 *       holding a thread, at most {@value SiteConfig#MAX_BODY} bytes counted as they arrive
 *       (chunked too: 413), within {@value SiteConfig#BODY_SECONDS} s (408), a bounded number
 *       at once (503); a connection silent for {@value SiteConfig#IDLE_SECONDS} s is closed;</li>
 *   <li>every form POST needs the session's CSRF token and, when the browser sends one, an
 *       {@code Origin} naming this host (403 otherwise); JSON POSTs need
 *       {@code Content-Type: application/json}, which a cross-site form cannot send without
 *       a preflight this server never grants.</li>
 * </ul>
 */
public final class Site implements AutoCloseable {

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
    static final ObjectMapper JSON = new ObjectMapper();

    private final SiteConfig config;
    private final Store store;
    private final Grading grading;
    private final Javalin app;

    private Site(SiteConfig config, Store store, Grading grading, Javalin app) {
        this.config = config;
        this.store = store;
        this.grading = grading;
        this.app = app;
    }

    /**
     * Starts a site on {@code config}'s host and port, grading with {@code grading} (which the
     * site closes when it stops).
     *
     * @throws BadInputException if the exercises are malformed or the data folder is unusable
     */
    public static Site start(SiteConfig config, Grading grading) {
        Catalog catalog = Catalog.load(config.exercisesDir());
        Store store = Store.open(config.dataDir());
        Sessions sessions = new Sessions(key(config.dataDir()), store::hasSubmissions);
        Submissions submissions = new Submissions(store, grading, config);
        Layout layout = new Layout();
        Pages pages = new Pages(catalog, new Book(config.bookDir()), store, sessions, submissions, layout);
        Api api = new Api(catalog, store, sessions, submissions);
        SudokuDemo demo = new SudokuDemo(layout, new ModelDemo(config.checkpointsDir()));
        RunsPage runs = new RunsPage(layout, config.checkpointsDir(), config.bookDir());

        RequestBodies bodies = new RequestBodies(SiteConfig.MAX_BODY, SiteConfig.BODY_READERS, SiteConfig.BODY_SECONDS);
        Javalin app = Javalin.create(c -> {
            c.showJavalinBanner = false;
            c.http.maxRequestSize = SiteConfig.MAX_BODY;
            c.jetty.modifyServletContextHandler(handler -> {
                FilterHolder holder = new FilterHolder(bodies);
                holder.setAsyncSupported(true);
                handler.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
            });
            c.jetty.addConnector((server, http) -> {
                ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
                connector.setHost(config.host());
                connector.setPort(config.port());
                connector.setIdleTimeout(SiteConfig.IDLE_SECONDS * 1000L);
                return connector;
            });
            c.staticFiles.add(s -> {
                s.hostedPath = "/static";
                s.directory = "/web/static";
                s.location = Location.CLASSPATH;
            });
        });
        app.before(ctx -> guard(ctx, sessions, config.hostNames()));
        pages.routes(app);
        api.routes(app);
        demo.routes(app);
        runs.routes(app);
        app.exception(HttpError.class, (e, ctx) -> refuse(ctx, layout, e.status(), e.getMessage()));
        app.exception(BadInputException.class, (e, ctx) -> refuse(ctx, layout, 400, e.getMessage()));
        app.exception(HttpResponseException.class, (e, ctx) -> refuse(ctx, layout, e.getStatus(),
                e.getStatus() == 413 ? "The request is larger than " + SiteConfig.MAX_BODY + " bytes."
                        : e.getStatus() == 404 ? "There is no such page." : e.getMessage()));
        app.error(404, ctx -> {
            if (ctx.attribute("refused") == null) {
                refuse(ctx, layout, 404, "There is no such page.");
            }
        });
        try {
            app.start();
        } catch (RuntimeException e) {
            store.close();
            throw new BadInputException("cannot listen on " + config.host() + ":" + config.port() + ": "
                    + e.getMessage() + ".", e);
        }
        return new Site(config, store, grading, app);
    }

    /** The port the site listens on. */
    public int port() {
        return app.port();
    }

    /** The site's address, e.g. {@code http://127.0.0.1:7070/}. */
    public String address() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return "http://" + host + ":" + port() + "/";
    }

    /** The store (tests read what was recorded). */
    Store store() {
        return store;
    }

    /** Stops the server, then the grading queue, then closes the database. */
    @Override
    public void close() {
        app.stop();
        grading.close();
        store.close();
    }

    private static void guard(Context ctx, Sessions sessions, java.util.List<String> hostNames) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("X-Frame-Options", "DENY");
        if (!knownHost(ctx.header("Host"), hostNames)) {
            throw new HttpError(400, "This site does not answer to the host name in the request.");
        }
        if (ctx.attribute(RequestBodies.REFUSED) instanceof HttpError refused) {
            // The rest of the body is not wanted: close the connection instead of reading it away.
            ctx.header("Connection", "close");
            throw refused;
        }
        if (!"POST".equals(ctx.method().name())) {
            return;
        }
        String origin = ctx.header("Origin");
        if (origin != null && !sameHost(origin, ctx.header("Host"))) {
            throw new HttpError(403, "This form was sent from another site (" + origin + "); it is refused.");
        }
        if (ctx.path().startsWith("/api/")) {
            String type = ctx.contentType();
            if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
                throw new HttpError(415, "The API takes JSON: send Content-Type: application/json.");
            }
            return;
        }
        if (!sessions.checks(sessions.of(ctx), ctx.formParam("csrf"))) {
            throw new HttpError(403, "The form's security token is missing or out of date; reload the page and try again.");
        }
    }

    /** Whether {@code host} (a Host header: a name or address, perhaps with a port) is one of {@code names}. */
    static boolean knownHost(String host, java.util.List<String> names) {
        if (host == null || host.isBlank()) {
            return false;
        }
        String name = host.strip();
        if (name.startsWith("[")) {
            int end = name.indexOf(']');
            name = end < 0 ? name : name.substring(1, end);
        } else if (name.indexOf(':') == name.lastIndexOf(':') && name.contains(":")) {
            name = name.substring(0, name.indexOf(':'));
        }
        String asked = name.toLowerCase(java.util.Locale.ROOT);
        return names.stream().map(n -> n.replace("[", "").replace("]", "").toLowerCase(java.util.Locale.ROOT))
                .anyMatch(asked::equals);
    }

    private static boolean sameHost(String origin, String host) {
        try {
            URI u = URI.create(origin);
            return host != null && u.getRawAuthority() != null && u.getRawAuthority().equalsIgnoreCase(host)
                    && ("http".equals(u.getScheme()) || "https".equals(u.getScheme()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void refuse(Context ctx, Layout layout, int status, String message) {
        ctx.attribute("refused", true);
        ctx.status(status);
        if (ctx.path().startsWith("/api/")) {
            ctx.json(Map.of("error", message, "status", status));
        } else {
            Layout.send(ctx, layout.page("Error " + status, Html.of(
                    "<h1>Error %s</h1><p role=\"alert\">%s</p><p><a href=\"/\">Back to the exercises</a></p>",
                    status, message)));
        }
    }

    /**
     * The key of sessions and CSRF tokens: random, kept in the data folder (readable by its
     * owner only) so that sessions and open forms survive a restart.
     */
    private static byte[] key(Path dataDir) {
        Path file = dataDir.resolve("csrf.key");
        try {
            if (Files.isRegularFile(file)) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                byte[] k = Base64.getDecoder().decode(Files.readString(file).strip());
                if (k.length >= 32) {
                    return k;
                }
            }
            byte[] k = new byte[32];
            new SecureRandom().nextBytes(k);
            // Written to a file that is the owner's alone from the start, then renamed into place.
            Path temp = Files.createTempFile(dataDir, "csrf", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.writeString(temp, Base64.getEncoder().encodeToString(k) + "\n");
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
            return k;
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new BadInputException("cannot read or write the site's key " + file + ": " + e.getMessage() + ".");
        }
    }
}
