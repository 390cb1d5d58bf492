package dev.podwire.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StartWindowTest {
    private static final long S = 1_000_000_000L;

    @Test
    void startsAtMostWidthAgentsUntilOneHoldsItsLease() {
        StartWindow w = new StartWindow(List.of("n1", "n2", "n3", "n4", "n5"), 2, Duration.ofSeconds(90), 0);
        assertEquals(List.of("n1", "n2"), w.next());
        assertEquals(List.of(), w.next());
        assertEquals(List.of("n1", "n2"), w.waiting());
        assertEquals(List.of("n3", "n4", "n5"), w.pending());
        w.done("n2", S);
        assertEquals(List.of("n3"), w.next());
        w.done("n1", 2 * S);
        w.done("n3", 3 * S);
        assertEquals(List.of("n4", "n5"), w.next());
        assertEquals(List.of(), w.next());
        w.done("n4", 4 * S);
        assertFalse(w.complete());
        w.done("n5", 5 * S);
        assertTrue(w.complete());
        assertEquals(List.of(), w.waiting());
    }

    @Test
    void aSmallLabStartsEveryAgentAtOnce() {
        StartWindow w = new StartWindow(List.of("a", "b", "c"), StartWindow.width(2), Duration.ofSeconds(90), 0);
        assertEquals(List.of("a", "b", "c"), w.next());
    }

    @Test
    void stallIsTimeWithoutANewLeaseNotTotalTime() {
        StartWindow w = new StartWindow(List.of("n1", "n2", "n3"), 1, Duration.ofSeconds(90), 0);
        w.next();
        assertFalse(w.stalled(90 * S));
        assertTrue(w.stalled(91 * S));
        w.done("n1", 80 * S);
        w.next();
        // 150 s since the start, but a lease 70 s ago: still progressing.
        assertFalse(w.stalled(150 * S));
        assertTrue(w.stalled(171 * S));
        w.done("n1", 200 * S); // the same node twice is no progress
        assertTrue(w.stalled(171 * S));
    }

    @Test
    void aCompleteStartIsNeverStalled() {
        StartWindow w = new StartWindow(List.of("n1"), 1, Duration.ofSeconds(1), 0);
        w.next();
        w.done("n1", 0);
        assertFalse(w.stalled(100 * S));
    }

    @Test
    void widthIsTwoPerCpuAndAtLeastTwo() {
        assertEquals(2, StartWindow.width(1));
        assertEquals(4, StartWindow.width(2));
        assertEquals(16, StartWindow.width(8));
    }

    @Test
    void rejectsANodeNeverStartedAndAZeroWidth() {
        StartWindow w = new StartWindow(List.of("n1", "n2"), 1, Duration.ofSeconds(1), 0);
        w.next();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> w.done("n2", 0)).getMessage()
                .contains("n2 was not started"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new StartWindow(List.of("n1"), 0,
                Duration.ofSeconds(1), 0)).getMessage().contains("width"));
    }
}
