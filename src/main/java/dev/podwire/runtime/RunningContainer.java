package dev.podwire.runtime;

import dev.podwire.lab.ProcessRef;
import java.util.List;
import java.util.Objects;

/**
 * A container a runtime runs.
 *
 * @param spec what was asked for
 * @param processes the process of a command container (recorded so {@code podwire down} ends it); empty for a
 *     built-in server, which lives in the runtime's own JVM
 */
public record RunningContainer(ContainerSpec spec, List<ProcessRef> processes) {

    /** Validates and copies. */
    public RunningContainer {
        Objects.requireNonNull(spec, "spec");
        processes = List.copyOf(processes);
    }
}
