package dev.podwire.datastore;

import static java.util.Objects.requireNonNull;

/** One change seen by a {@link Watch}, in revision order. */
public sealed interface WatchEvent {

    /** {@return the store revision of this event} */
    long revision();

    /**
     * A key was created or updated.
     *
     * @param kv the key as written; its {@code modRevision} is the event's revision
     */
    record Put(KeyValue kv) implements WatchEvent {
        public Put {
            requireNonNull(kv, "kv");
        }

        @Override
        public long revision() {
            return kv.modRevision();
        }
    }

    /**
     * A key was deleted, explicitly or because its TTL ran out.
     *
     * @param previous the key's last value
     * @param revision the revision of the deletion
     * @param expired  whether the TTL ran out (rather than an explicit delete)
     */
    record Delete(KeyValue previous, long revision, boolean expired) implements WatchEvent {
        public Delete {
            requireNonNull(previous, "previous");
            if (revision <= previous.modRevision()) {
                throw new IllegalArgumentException("revision: " + revision
                        + " (expected: > previous modRevision " + previous.modRevision() + ")");
            }
        }

        /** {@return the deleted key} */
        public String key() {
            return previous.key();
        }
    }

    /**
     * The history the watch asked for is gone: events up to and including {@code revision} were compacted. The
     * watch stays open and continues with live events; the listener should re-list the prefix to catch up.
     *
     * @param revision the compacted revision
     */
    record Compacted(long revision) implements WatchEvent {}
}
