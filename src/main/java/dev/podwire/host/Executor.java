package dev.podwire.host;

/** Runs one external command, optionally inside a network namespace. The only gateway to the host. */
public interface Executor {

    /** {@return the finished command's result}; never throws for a non-zero exit. */
    Result run(Command command);
}
