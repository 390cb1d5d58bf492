package dev.podwire.sync;

import java.time.Duration;
import java.util.List;

/** What a sync did. A failure is an exception: the worker retries it with back-off. */
public sealed interface Outcome {
    /** {@return a sync that changed {@code changes} kernel objects (or pods, or rules)} */
    static Outcome done(int changes) {
        return new Done(changes, List.of());
    }

    /** {@return a sync that changed {@code changes} things and raises {@code signal} for the node's other syncers} */
    static Outcome done(int changes, String signal) {
        return new Done(changes, List.of(signal));
    }

    /**
     * The sync ran.
     *
     * @param changes how many things it changed; 0 when the kernel was already right
     * @param signals what the node's other syncers are told ({@link Trigger.Signal}), e.g. {@code lease}
     */
    record Done(int changes, List<String> signals) implements Outcome {
        /** Validates and copies. */
        public Done {
            if (changes < 0) {
                throw new IllegalArgumentException("changes: " + changes + " (expected: >= 0)");
            }
            signals = List.copyOf(signals);
        }
    }

    /**
     * The sync held a change back (kube-proxy's {@code minSyncPeriod}); run again after {@code delay}.
     *
     * @param delay how long until it may run
     */
    record Later(Duration delay) implements Outcome {
        /** Validates. */
        public Later {
            if (delay.isNegative()) {
                throw new IllegalArgumentException("delay: " + delay + " (expected: >= 0)");
            }
        }
    }
}
