package dev.podwire.trace;

/**
 * The trace's conclusion in one line, with the likely fix when the packet did not make it.
 *
 * @param status the conclusion
 * @param where the place it was decided (delivered to, or dropped in)
 * @param explanation what happened, naming the rule, route or check
 * @param fix the likely fix, empty when delivered
 */
public record Verdict(Status status, String where, String explanation, String fix) {

    /** The possible conclusions. */
    public enum Status {
        /** The request reached the target and the reply came back. */
        DELIVERED,
        /** The target's kernel refused the connection (TCP RST, ICMP port unreachable from the target). */
        REFUSED,
        /** A rule, a missing route or a reverse-path check dropped it. */
        DROPPED,
        /** The request arrived but no reply came back. */
        NO_REPLY
    }
}
