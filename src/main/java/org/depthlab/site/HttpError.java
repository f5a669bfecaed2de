package org.depthlab.site;

/**
 * A request the site refuses: the HTTP status and one sentence for the visitor (shown as a
 * page, or as {@code {"error": …}} under {@code /api}).
 */
public final class HttpError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    /** A refusal with {@code status} and {@code message}. */
    public HttpError(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** 404 for a thing that does not exist. */
    public static HttpError notFound(String what) {
        return new HttpError(404, "There is no " + what + ".");
    }
}
