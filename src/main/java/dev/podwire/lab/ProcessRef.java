package dev.podwire.lab;

import java.util.Optional;

/**
 * A process the lab started, identified by PID <em>and</em> start time so that a recycled PID is never mistaken
 * for ours.
 *
 * @param pid the process ID
 * @param startedAtMillis its start time in epoch milliseconds, as {@link ProcessHandle.Info#startInstant()} says
 */
public record ProcessRef(long pid, long startedAtMillis) {

    /** {@return the reference for a live process} */
    public static ProcessRef of(ProcessHandle handle) {
        return new ProcessRef(handle.pid(),
                handle.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L));
    }

    /** {@return the live process this refers to, if it is still the same one} */
    public Optional<ProcessHandle> live() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> startedAtMillis == 0
                || h.info().startInstant().map(i -> Math.abs(i.toEpochMilli() - startedAtMillis) < 1000)
                        .orElse(false));
    }
}
