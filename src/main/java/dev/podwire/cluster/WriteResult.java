package dev.podwire.cluster;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * The outcome of a write through {@link ClusterStore}; the failures are the apiserver's expected ones
 * (AlreadyExists, NotFound, Conflict), as values.
 *
 * @param <T> the object type
 */
public sealed interface WriteResult<T extends HasMetadata> {

    /**
     * Written; {@code object} is what the store now holds, with {@code resourceVersion} set.
     *
     * @param object the stored object
     * @param <T>    the object type
     */
    record Ok<T extends HasMetadata>(T object) implements WriteResult<T> {
        public Ok {
            requireNonNull(object, "object");
        }
    }

    /**
     * Create refused: an object with that name exists.
     *
     * @param key the datastore key
     * @param <T> the object type
     */
    record AlreadyExists<T extends HasMetadata>(String key) implements WriteResult<T> {}

    /**
     * Update refused: no such object.
     *
     * @param key the datastore key
     * @param <T> the object type
     */
    record NotFound<T extends HasMetadata>(String key) implements WriteResult<T> {}

    /**
     * Update refused: the object changed since the caller read it (optimistic concurrency on resourceVersion).
     *
     * @param key                     the datastore key
     * @param expectedResourceVersion the version the caller read
     * @param <T>                     the object type
     */
    record Conflict<T extends HasMetadata>(String key, String expectedResourceVersion) implements WriteResult<T> {}

    /** {@return the stored object} or throws {@link IllegalStateException} naming the failure */
    default T orThrow() {
        return switch (this) {
            case Ok<T>(var object) -> object;
            case AlreadyExists<T>(var key) -> throw new IllegalStateException(key + ": already exists");
            case NotFound<T>(var key) -> throw new IllegalStateException(key + ": not found");
            case Conflict<T>(var key, var expected) -> throw new IllegalStateException(
                    key + ": changed since resourceVersion " + expected + " (conflict)");
        };
    }

    /** {@return whether the write happened} */
    default boolean written() {
        return this instanceof Ok<T>;
    }
}
