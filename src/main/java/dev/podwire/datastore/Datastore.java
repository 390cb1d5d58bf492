package dev.podwire.datastore;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A watchable key/value store with etcd v3 semantics: one global revision that every write increments, per-key
 * create and mod revisions, TTLs, prefix listing and watches that replay history from a revision.
 *
 * <p>Keys are {@code /}-rooted paths; see {@link Keys} for the layout Kubernetes and flannel use.
 */
public interface Datastore {

    /**
     * Checks the arguments of {@link #put} as every store does.
     *
     * @throws IllegalArgumentException for a key that is not a {@code /}-rooted path or a TTL that is not positive
     */
    static void requireValidPut(String key, String value, Optional<Duration> ttl) {
        Keys.requireValid(key);
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(ttl, "ttl");
        ttl.ifPresent(d -> {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("ttl: " + d + " (expected: positive)");
            }
        });
    }

    /** Checks the arguments of {@link #compareAndPut} as every store does, as {@link #requireValidPut} and more. */
    static void requireValidCompareAndPut(String key, long expectedModRevision, String value,
            Optional<Duration> ttl) {
        requireValidPut(key, value, ttl);
        if (expectedModRevision < 0) {
            throw new IllegalArgumentException(
                    "expectedModRevision: " + expectedModRevision + " (expected: >= 0, 0 = absent)");
        }
    }

    /** {@return the new revision} after writing {@code value} under {@code key}, replacing any TTL */
    long put(String key, String value, Optional<Duration> ttl);

    /** {@return the key, or empty when absent} */
    Optional<KeyValue> get(String key);

    /** {@return every key starting with {@code prefix}, sorted by key} */
    List<KeyValue> list(String prefix);

    /** Deletes {@code key}; {@return whether it existed} */
    boolean delete(String key);

    /**
     * Writes {@code value} only if the key's mod revision is {@code expectedModRevision}; {@code 0} means "only if
     * absent" (create-if-absent).
     *
     * @return {@link CasResult.Written} with the new revision, or {@link CasResult.Conflict} with the current key
     */
    CasResult compareAndPut(String key, long expectedModRevision, String value, Optional<Duration> ttl);

    /**
     * Watches every key starting with {@code prefix}. Events with a revision greater than {@code fromRevision} are
     * replayed from history first, then live events follow, all in revision order. Pass {@link #revision()} to see
     * only future changes. When the history after {@code fromRevision} was compacted, the first event is
     * {@link WatchEvent.Compacted}.
     */
    Watch watch(String prefix, long fromRevision, Consumer<WatchEvent> listener);

    /** {@return the current store revision ({@code 0} for an empty, never-written store)} */
    long revision();
}
