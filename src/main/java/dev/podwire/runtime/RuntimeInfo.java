package dev.podwire.runtime;

import dev.podwire.lab.ProcessRef;
import java.util.Objects;

/**
 * What a runtime process says about itself.
 *
 * @param process the runtime's own process (record it so that {@code podwire down} ends it)
 * @param containers how many containers it runs
 */
public record RuntimeInfo(ProcessRef process, int containers) {

    /** Validates. */
    public RuntimeInfo {
        Objects.requireNonNull(process, "process");
    }
}
