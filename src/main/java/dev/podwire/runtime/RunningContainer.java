package dev.podwire.runtime;

import dev.podwire.lab.ProcessRef;
import java.util.List;
import java.util.Objects;

/**
 * A container a runtime holds: running, or ended and not yet removed (so that its exit code can be read).
 *
 * @param spec what was asked for
 * @param processes the process of a command container (recorded so {@code podwire down} ends it); empty for a
 *     built-in server, which lives in the runtime's own JVM
 * @param state whether it runs, or how it ended
 */
public record RunningContainer(ContainerSpec spec, List<ProcessRef> processes, ContainerState state) {

    /** Validates and copies. */
    public RunningContainer {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(state, "state");
        processes = List.copyOf(processes);
    }
}
