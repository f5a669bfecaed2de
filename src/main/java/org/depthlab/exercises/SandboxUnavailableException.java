package org.depthlab.exercises;

/**
 * Java code cannot be graded on this machine because the sandbox is missing or does not work.
 * Its message says why and what to install; depthlab never runs a student's code without the
 * sandbox. The site answers 503 with it; the CLI prints it.
 */
public final class SandboxUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SandboxUnavailableException(String message) {
        super(message);
    }
}
