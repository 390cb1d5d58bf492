package dev.podwire.datastore;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock that moves only when told to. Thread-safe. */
public final class FakeClock implements InstantSource {
    private volatile Instant now;

    public FakeClock(Instant start) {
        this.now = start;
    }

    /** A clock at 2024-05-01T10:00:00Z. */
    public static FakeClock standard() {
        return new FakeClock(Instant.parse("2024-05-01T10:00:00Z"));
    }

    @Override
    public Instant instant() {
        return now;
    }

    public synchronized void advance(Duration by) {
        now = now.plus(by);
    }
}
