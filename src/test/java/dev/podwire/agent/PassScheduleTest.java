package dev.podwire.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PassScheduleTest {
    private static final long S = 1_000_000_000L;
    private static final long MS = 1_000_000L;
    private static final Set<SyncPart> PODS = EnumSet.of(SyncPart.PODS);
    private static final Set<SyncPart> NOTHING = EnumSet.noneOf(SyncPart.class);
    private static final Set<SyncPart> ALL = EnumSet.allOf(SyncPart.class);

    @Test
    void aChangeRunsOnlyItsPartAndTheResyncRunsAll() {
        PassSchedule s = new PassSchedule(Duration.ofSeconds(5), 0);
        assertEquals(5 * S, s.waitNanos(0));
        assertEquals(PODS, s.due(1 * S, PODS, false));
        assertEquals(NOTHING, s.due(2 * S, NOTHING, false));
        assertEquals(ALL, s.due(5 * S, NOTHING, false));
        assertEquals(5 * S, s.waitNanos(5 * S));
        assertEquals(ALL, s.due(6 * S, PODS, true), "after a failed pass everything runs");
    }

    @Test
    void podChurnDoesNotStarveTheResyncOfRoutesAndRules() {
        PassSchedule s = new PassSchedule(Duration.ofSeconds(5), 0);
        // A rollout: a pod write every 300 ms wakes the loop long before each timeout.
        int allPasses = 0;
        for (long t = 300 * MS; t <= 12 * S; t += 300 * MS) {
            if (s.due(t, PODS, false).equals(ALL)) {
                allPasses++;
            }
        }
        assertEquals(2, allPasses, "every part ran at 5 s and 10 s");
    }

    @Test
    void aHeldBackProxySyncRunsWhenDueEvenIfOnlyPodsChanged() {
        PassSchedule s = new PassSchedule(Duration.ofSeconds(5), 0);
        assertEquals(EnumSet.of(SyncPart.PROXY), s.due(1 * S, EnumSet.of(SyncPart.PROXY), false));
        s.proxySynced(1 * S, Optional.of(Duration.ofMillis(800)));
        assertEquals(801 * MS, s.waitNanos(1 * S), "wakes when minSyncPeriod allows");
        assertEquals(PODS, s.due(1 * S + 300 * MS, PODS, false), "not due yet");
        assertEquals(501 * MS, s.waitNanos(1 * S + 300 * MS), "the deadline stays, a kick does not push it back");
        assertEquals(EnumSet.of(SyncPart.PODS, SyncPart.PROXY), s.due(1 * S + 900 * MS, PODS, false));
        assertEquals(NOTHING, s.due(2 * S, NOTHING, false), "ran once");
        s.proxySynced(2 * S, Optional.empty());
        assertEquals(3 * S, s.waitNanos(2 * S));
    }
}
