package dev.podwire.datastore;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * One stored key, like an etcd v3 {@code mvccpb.KeyValue}.
 *
 * @param key            the key, starting with {@code /}
 * @param value          the value (JSON for Kubernetes objects and flannel leases)
 * @param createRevision the store revision at which the key was created
 * @param modRevision    the store revision of the last write to the key ({@code >= createRevision})
 * @param expires        when the key's TTL runs out, if it has one
 */
public record KeyValue(String key, String value, long createRevision, long modRevision, Optional<Instant> expires) {
    public KeyValue {
        Keys.requireValid(key);
        requireNonNull(value, "value");
        requireNonNull(expires, "expires");
        if (createRevision < 1) {
            throw new IllegalArgumentException("createRevision: " + createRevision + " (expected: >= 1)");
        }
        if (modRevision < createRevision) {
            throw new IllegalArgumentException(
                    "modRevision: " + modRevision + " (expected: >= createRevision " + createRevision + ")");
        }
    }
}
