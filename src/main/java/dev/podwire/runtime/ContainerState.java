package dev.podwire.runtime;

import java.time.Instant;
import java.util.Optional;

/**
 * Whether a container runs, or how it ended: what containerd reports and kubelet turns into a container status. Plain
 * numbers so it travels in the runtime's JSON lines.
 *
 * @param startedAtMillis when it started (epoch milliseconds)
 * @param exitCode its exit status once it ended; {@value #RUNNING} while it runs; {@value #UNKNOWN_EXIT} when it ended
 *     while nobody held it (a runtime restarted meanwhile, as containerd reports a lost task)
 * @param finishedAtMillis when it ended (epoch milliseconds); 0 while it runs
 */
public record ContainerState(long startedAtMillis, int exitCode, long finishedAtMillis) {
    /** The exit code of a container that runs. */
    public static final int RUNNING = -1;
    /** The exit code reported for a container whose end was not seen (containerd says 255 then too). */
    public static final int UNKNOWN_EXIT = 255;

    /** Validates. */
    public ContainerState {
        if (exitCode < RUNNING || exitCode > 255) {
            throw new IllegalArgumentException("exitCode: " + exitCode + " (expected: -1 while running, else 0..255)");
        }
    }

    /** {@return a container running since {@code startedAt}} */
    public static ContainerState running(Instant startedAt) {
        return new ContainerState(startedAt.toEpochMilli(), RUNNING, 0);
    }

    /** {@return a container that ran from {@code startedAt} to {@code finishedAt} and exited with {@code code}} */
    public static ContainerState exited(Instant startedAt, int code, Instant finishedAt) {
        return new ContainerState(startedAt.toEpochMilli(), code, finishedAt.toEpochMilli());
    }

    /** {@return whether it runs} */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isRunning() {
        return exitCode == RUNNING;
    }

    /** {@return when it started} */
    public Instant started() {
        return Instant.ofEpochMilli(startedAtMillis);
    }

    /** {@return when it ended, if it did} */
    public Optional<Instant> finished() {
        return isRunning() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(finishedAtMillis));
    }
}
