package dev.podwire.rpc;

/** Where a handler writes its answer; lines reach the CLI as they are written, which lets {@code up} show progress. */
public interface Reply {

    /** Sends a line to standard output. */
    void out(String line);

    /** Sends a line to standard error. */
    void err(String line);
}
