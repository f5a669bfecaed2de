package org.depthlab.site;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads every request body before the site sees it, so that no client can hold the server
 * with one (a servlet filter in front of Javalin):
 *
 * <ul>
 *   <li><b>without a thread</b>: the body is read asynchronously (a {@link ReadListener}), so a
 *       client that sends one byte every few seconds holds a connection, not one of the
 *       server's threads, and pages keep answering;</li>
 *   <li><b>at most {@link SiteConfig#MAX_BODY} bytes</b>, counted on the bytes actually read —
 *       a chunked body has no length to check in advance — and refused with 413 at the first
 *       byte over, so memory holds at most that much per request;</li>
 *   <li><b>within {@link SiteConfig#BODY_SECONDS} seconds</b>, or 408;</li>
 *   <li><b>at most {@link SiteConfig#BODY_READERS} at once</b>; beyond that a request with a
 *       body gets 503 at once, until one is in.</li>
 * </ul>
 *
 * A refusal is not written here: the request goes on to the site with the status and message
 * as an attribute ({@link #REFUSED}), and the site's guard answers it like any other, as a
 * page or as JSON. A body read in full is handed on in a request that reads it from memory.
 */
final class RequestBodies implements Filter {

    /** The request attribute with a refusal, an {@link HttpError}, when the body was not accepted. */
    static final String REFUSED = "depthlab.body.refused";
    private static final String BODY = "depthlab.body";

    private final Semaphore readers;
    private final long maxBody;
    private final long timeoutMillis;

    /** Bodies of at most {@code maxBody} bytes, {@code readers} at once, each within {@code seconds}. */
    RequestBodies(long maxBody, int readers, int seconds) {
        this.maxBody = maxBody;
        this.readers = new Semaphore(readers);
        this.timeoutMillis = seconds * 1000L;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest r = (HttpServletRequest) request;
        Object body = r.getAttribute(BODY);
        if (body instanceof byte[] bytes) {
            chain.doFilter(new WithBody(r, bytes), response);
            return;
        }
        if (r.getAttribute(REFUSED) != null || !hasBody(r)) {
            chain.doFilter(r.getAttribute(REFUSED) != null ? new WithBody(r, new byte[0]) : r, response);
            return;
        }
        long declared = r.getContentLengthLong();
        if (declared > maxBody) {
            r.setAttribute(REFUSED, tooLarge(declared));
            chain.doFilter(new WithBody(r, new byte[0]), response);
            return;
        }
        if (!readers.tryAcquire()) {
            r.setAttribute(REFUSED, new HttpError(503, "The server is reading many requests at once; please send yours "
                    + "again in a few seconds."));
            chain.doFilter(new WithBody(r, new byte[0]), response);
            return;
        }
        AsyncContext async = r.startAsync();
        async.setTimeout(timeoutMillis);
        Reading reading = new Reading(r, async, r.getInputStream());
        async.addListener(reading);
        r.getInputStream().setReadListener(reading);
    }

    /** A request with a body: a length, or a chunked transfer (no length in advance). */
    private static boolean hasBody(HttpServletRequest r) {
        return r.getContentLengthLong() > 0 || r.getHeader("Transfer-Encoding") != null;
    }

    private HttpError tooLarge(long bytes) {
        return new HttpError(413, "The request has " + (bytes > maxBody ? bytes + " bytes" : "more than " + maxBody + " bytes")
                + "; at most " + maxBody + " are accepted.");
    }

    /** One body being read: its bytes so far, until it is in, too large, broken or late. */
    private final class Reading implements ReadListener, AsyncListener {
        private final HttpServletRequest request;
        private final AsyncContext async;
        private final ServletInputStream in;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final byte[] buffer = new byte[8192];
        private final AtomicBoolean over = new AtomicBoolean();

        Reading(HttpServletRequest request, AsyncContext async, ServletInputStream in) {
            this.request = request;
            this.async = async;
            this.in = in;
        }

        @Override
        public void onDataAvailable() throws IOException {
            while (!over.get() && in.isReady()) {
                int n = in.read(buffer);
                if (n < 0) {
                    return; // onAllDataRead follows
                }
                if (bytes.size() + (long) n > maxBody) {
                    end(tooLarge(-1));
                    return;
                }
                bytes.write(buffer, 0, n);
            }
        }

        @Override
        public void onAllDataRead() {
            end(null);
        }

        @Override
        public void onError(Throwable t) {
            end(new HttpError(400, "The request's body could not be read."));
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            end(new HttpError(408, "The request's body did not arrive within " + SiteConfig.BODY_SECONDS + " seconds."));
        }

        @Override
        public void onComplete(AsyncEvent event) {
            end(new HttpError(400, "The request ended before its body was read."));
        }

        @Override
        public void onError(AsyncEvent event) {
            end(new HttpError(400, "The request's body could not be read."));
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
        }

        /**
         * Ends the reading once, whichever comes first: the body handed on, or the refusal
         * ({@code refused} non-null) answered by the site; either way through the site again.
         */
        private void end(HttpError refused) {
            if (!over.compareAndSet(false, true)) {
                return;
            }
            readers.release();
            if (refused == null) {
                request.setAttribute(BODY, bytes.toByteArray());
            } else {
                request.setAttribute(REFUSED, refused);
            }
            try {
                async.dispatch();
            } catch (IllegalStateException e) {
                // The request completed meanwhile (the client went away): nothing to answer.
            }
        }
    }

    /** The request with its body read from memory. */
    private static final class WithBody extends HttpServletRequestWrapper {
        private final byte[] body;

        WithBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new IllegalStateException("the body has been read already");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
