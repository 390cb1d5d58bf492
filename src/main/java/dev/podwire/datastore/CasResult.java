package dev.podwire.datastore;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** The outcome of {@link Datastore#compareAndPut}: written, or refused because the key had moved on. */
public sealed interface CasResult {

    /**
     * The value was written.
     *
     * @param revision the new store revision (the key's new {@code modRevision})
     */
    record Written(long revision) implements CasResult {}

    /**
     * The key's mod revision was not the expected one; nothing was written.
     *
     * @param expectedModRevision what the caller expected ({@code 0} = absent)
     * @param current             the key as it is now, empty if absent
     */
    record Conflict(long expectedModRevision, Optional<KeyValue> current) implements CasResult {
        public Conflict {
            requireNonNull(current, "current");
        }
    }
}
