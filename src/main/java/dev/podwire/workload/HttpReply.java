package dev.podwire.workload;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** The outcome of an HTTP GET probe. */
public sealed interface HttpReply {

    /**
     * The server answered.
     *
     * @param status the status code
     * @param headers header fields by lower-case name (first value wins)
     * @param body the body decoded as UTF-8
     */
    record Answered(int status, Map<String, String> headers, String body) implements HttpReply {
        /** Validates and copies. */
        public Answered {
            if (status < 100 || status > 999) {
                throw new IllegalArgumentException("status: " + status + " (expected: 100..999)");
            }
            headers = Map.copyOf(headers);
            Objects.requireNonNull(body, "body");
        }

        /** {@return the named header's value; the name is case-insensitive} */
        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
        }

        @Override
        public String toString() {
            return "Answered[status=" + status + ", headers=" + new TreeMap<>(headers) + ", body=" + body + "]";
        }
    }

    /** The connection was refused. */
    record Refused() implements HttpReply {}

    /** Connecting or reading took longer than the timeout. */
    record TimedOut() implements HttpReply {}

    /** Anything else, including a malformed response. @param message what went wrong */
    record Failed(String message) implements HttpReply {
        /** Validates. */
        public Failed {
            Objects.requireNonNull(message, "message");
        }
    }
}
