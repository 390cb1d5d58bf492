package dev.podwire.trace;

/** How a packet's traversal of one place ended. */
public sealed interface Outcome {

    /** Created here and sent out of {@code device}. */
    record Sent(String device) implements Outcome {}

    /** Routed through and sent out of {@code device}. */
    record Forwarded(String device) implements Outcome {}

    /** Handed to a local socket (the input hook saw it). */
    record Delivered() implements Outcome {}

    /** Dropped (or rejected) by a rule. */
    record Dropped(RuleHit rule) implements Outcome {}

    /** Seen on the way in, but never by a later hook: routing refused it (no route, reverse-path check). */
    record Vanished() implements Outcome {}

    /** {@return a short word for tables and JSON} */
    static String word(Outcome o) {
        return switch (o) {
            case Sent s -> "sent";
            case Forwarded f -> "forwarded";
            case Delivered d -> "delivered";
            case Dropped d -> "dropped";
            case Vanished v -> "vanished";
        };
    }
}
