package dev.podwire.rpc;

/** A request the daemon refuses, with the exit code the CLI should return (2 for usage or config, 1 otherwise). */
public final class RequestException extends RuntimeException {
    private final int exitCode;

    /** Creates the exception. */
    public RequestException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    /** {@return the CLI's exit code} */
    public int exitCode() {
        return exitCode;
    }
}
