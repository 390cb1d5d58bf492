package dev.podwire.labfile;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * Where the lab keeps its cluster objects and flannel's keys ({@code spec.datastore}).
 *
 * @param type {@link Type#MEMORY} (the daemon's embedded store, the default) or {@link Type#ETCD} (a real etcd and
 *     one {@code podwire agent} process per node)
 * @param endpoints etcd client URLs to use instead of starting the lab's own etcd; empty to start one. They must be
 *     reachable from the host (its loopback, or a cluster it routes to); the agents reach them through a relay
 *     inside the lab, and the etcd must hold nothing of a lab yet.
 */
public record DatastoreSpec(Type type, List<URI> endpoints) {
    /** The kinds of datastore. */
    public enum Type {
        /** The daemon's in-memory store with snapshots; agents are threads of the daemon. */
        MEMORY,
        /** etcd v3; agents are processes. */
        ETCD;

        /** {@return the name used in files and on the command line} */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Validates and copies. */
    public DatastoreSpec {
        Objects.requireNonNull(type, "type");
        endpoints = List.copyOf(endpoints);
        if (type == Type.MEMORY && !endpoints.isEmpty()) {
            throw new IllegalArgumentException("endpoints: " + endpoints + " (expected: none for the memory datastore)");
        }
    }

    /** {@return the default: the embedded in-memory store} */
    public static DatastoreSpec memory() {
        return new DatastoreSpec(Type.MEMORY, List.of());
    }

    /** {@return etcd, started by the lab} */
    public static DatastoreSpec etcd() {
        return new DatastoreSpec(Type.ETCD, List.of());
    }

    /** {@return whether agents run as processes against etcd} */
    public boolean isEtcd() {
        return type == Type.ETCD;
    }
}
