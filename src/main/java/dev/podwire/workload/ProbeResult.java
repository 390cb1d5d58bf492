package dev.podwire.workload;

import java.time.Duration;
import java.util.Objects;

/** The outcome of a TCP connect probe. */
public sealed interface ProbeResult {

    /** The three-way handshake completed. @param elapsed how long connecting took */
    record Connected(Duration elapsed) implements ProbeResult {
        /** Validates. */
        public Connected {
            Objects.requireNonNull(elapsed, "elapsed");
        }
    }

    /** The peer answered with a reset: reachable, but nothing listens (or a REJECT rule said so). */
    record Refused() implements ProbeResult {}

    /** No answer within the timeout: a DROP rule, a missing route back, or a host that is not there. */
    record TimedOut() implements ProbeResult {}

    /** Anything else, e.g. {@code Network is unreachable}. @param message what went wrong */
    record Failed(String message) implements ProbeResult {
        /** Validates. */
        public Failed {
            Objects.requireNonNull(message, "message");
        }
    }

    /** {@return whether the connection was established} */
    default boolean connected() {
        return this instanceof Connected;
    }
}
