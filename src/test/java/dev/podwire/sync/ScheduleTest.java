package dev.podwire.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScheduleTest {
    private static final long S = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    private static Schedule schedule() {
        return new Schedule(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(5), 0);
    }

    @Test
    void aChangeRunsAtOnceAndTheResyncRunsOnItsPeriod() {
        Schedule s = schedule();
        assertEquals(5 * S, s.waitNanos(0));
        assertEquals(Optional.empty(), s.due(1 * S));
        s.changed();
        assertEquals(0, s.waitNanos(1 * S));
        assertEquals(Optional.of(Pass.CHANGE), s.due(1 * S));
        s.succeeded(1 * S, Pass.CHANGE, Outcome.done(1));
        assertEquals(Optional.empty(), s.due(2 * S), "nothing new");
        assertEquals(Optional.of(Pass.RESYNC), s.due(5 * S));
        s.succeeded(5 * S, Pass.RESYNC, Outcome.done(0));
        assertEquals(5 * S, s.waitNanos(5 * S));
    }

    @Test
    void changesDoNotStarveTheResync() {
        Schedule s = schedule();
        // A rollout: a pod write every 300 ms wakes the worker long before each timeout.
        int resyncs = 0;
        for (long t = 300 * MS; t <= 12 * S; t += 300 * MS) {
            s.changed();
            Pass p = s.due(t).orElseThrow();
            s.succeeded(t, p, Outcome.done(0));
            if (p == Pass.RESYNC) {
                resyncs++;
            }
        }
        assertEquals(2, resyncs, "resynced at 5 s and 10 s");
    }

    @Test
    void aHeldBackChangeRunsWhenItsWaitIsOverWhateverElseHappens() {
        Schedule s = schedule();
        s.changed();
        Pass p = s.due(1 * S).orElseThrow();
        s.succeeded(1 * S, p, new Outcome.Later(Duration.ofMillis(800)));
        assertEquals(800 * MS, s.waitNanos(1 * S), "wakes when minSyncPeriod allows");
        assertEquals(Optional.empty(), s.due(1 * S + 300 * MS), "not due yet");
        assertEquals(500 * MS, s.waitNanos(1 * S + 300 * MS), "the deadline stays");
        assertEquals(Optional.of(Pass.CHANGE), s.due(1 * S + 800 * MS));
        s.succeeded(1 * S + 800 * MS, Pass.CHANGE, Outcome.done(1));
        assertEquals(Optional.empty(), s.due(2 * S), "ran once");
        assertEquals(3 * S, s.waitNanos(2 * S));
    }

    @Test
    void aFailureIsRetriedFullyWithADoublingBackOffThatChangesDoNotHurry() {
        Schedule s = schedule();
        s.changed();
        assertEquals(Optional.of(Pass.CHANGE), s.due(0));
        assertEquals(Duration.ofSeconds(1), s.failed(0));
        s.changed();
        assertEquals(1 * S, s.waitNanos(0), "a change does not hurry the retry");
        assertEquals(Optional.empty(), s.due(500 * MS));
        assertEquals(Optional.of(Pass.RECOVER), s.due(1 * S));
        assertEquals(Duration.ofSeconds(2), s.failed(1 * S));
        assertEquals(Optional.of(Pass.RECOVER), s.due(3 * S));
        assertEquals(Duration.ofSeconds(4), s.failed(3 * S));
        assertEquals(Optional.of(Pass.RECOVER), s.due(7 * S));
        assertEquals(Duration.ofSeconds(5), s.failed(7 * S), "capped at the resync period");
        assertEquals(4, s.failures());
        assertEquals(Optional.of(Pass.RECOVER), s.due(12 * S));
        s.succeeded(12 * S, Pass.RECOVER, Outcome.done(3));
        assertEquals(0, s.failures());
        assertEquals(Optional.empty(), s.due(13 * S), "a recovery counts as the resync");
        assertEquals(Optional.of(Pass.RESYNC), s.due(17 * S));
    }
}
