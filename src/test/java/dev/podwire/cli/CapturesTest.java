package dev.podwire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podwire.lab.ProcessRef;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Captures started and stopped from two threads (main and the Ctrl-C hook), with {@code sleep} for tcpdump. */
class CapturesTest {
    private final List<ProcessRef> adopted = new CopyOnWriteArrayList<>();
    private final List<ProcessRef> released = new CopyOnWriteArrayList<>();
    private final Captures captures = new Captures(adopted::add, released::add);

    @Test
    void stopEndsAndReleasesEveryStartedCaptureAndNothingStartsAfterIt() throws Exception {
        Process a = captures.start(CapturesTest::sleep).orElseThrow();
        Process b = captures.start(CapturesTest::sleep).orElseThrow();
        captures.stop();
        assertFalse(a.isAlive() || b.isAlive());
        assertEquals(adopted, released);
        assertEquals(2, released.size());
        assertEquals(Optional.empty(), captures.start(() -> {
            throw new AssertionError("started after stop");
        }));
        captures.stop();
        assertEquals(2, released.size(), "released twice");
    }

    @Test
    void stopDuringAStartWaitsForItAndEndsThatProcessToo() throws Exception {
        CountDownLatch starting = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        List<Process> started = new CopyOnWriteArrayList<>();
        Thread main = Thread.ofPlatform().start(() -> {
            try {
                captures.start(() -> {
                    starting.countDown();
                    try {
                        proceed.await();
                    } catch (InterruptedException e) {
                        throw new java.io.InterruptedIOException();
                    }
                    return sleep();
                }).ifPresent(started::add);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertTrue(starting.await(5, TimeUnit.SECONDS));
        Thread hook = Thread.ofPlatform().start(captures::stop);
        hook.join(300);
        assertTrue(hook.isAlive(), "stop did not wait for the start in progress");
        proceed.countDown();
        hook.join(10_000);
        main.join(10_000);
        assertEquals(1, started.size());
        assertFalse(started.getFirst().isAlive(), "the capture started during the stop is still running");
        assertEquals(adopted, released);
    }

    private static Process sleep() throws java.io.IOException {
        return new ProcessBuilder("sleep", "60").start();
    }
}
