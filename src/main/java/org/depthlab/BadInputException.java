package org.depthlab;

/**
 * Something a user got wrong — a malformed puzzle, a corrupt or mismatched file, an
 * impossible option — as opposed to a bug. Its message is one sentence that names the input
 * and says what was expected; the CLI prints it alone and exits with code 2, the site answers
 * with a 4xx. Bugs stay ordinary exceptions with their stack traces.
 */
public class BadInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
