package dev.podwire.sync;

import static java.util.Objects.requireNonNull;

/** A kind of change that wakes a syncer. */
public sealed interface Trigger {
    /** {@return a trigger for every change of a key under {@code prefix}} */
    static Trigger keys(String prefix) {
        return new Keys(prefix);
    }

    /** {@return a trigger for {@code name}, raised by another syncer of the node} */
    static Trigger signal(String name) {
        return new Signal(name);
    }

    /**
     * A change of a datastore key under a prefix: {@code /registry/services/specs/} (one kind of object, see
     * {@code cluster.ResourceType#prefix()}) or flannel's {@code /coreos.com/network/subnets/}.
     *
     * @param prefix the key prefix
     */
    record Keys(String prefix) implements Trigger {
        /** Validates. */
        public Keys {
            requireNonNull(prefix, "prefix");
            if (!prefix.startsWith("/")) {
                throw new IllegalArgumentException("prefix: " + prefix + " (expected: a key prefix such as /registry/pods/)");
            }
        }

        /** {@return whether a change of {@code key} is one of these} */
        public boolean matches(String key) {
            return key.startsWith(prefix);
        }
    }

    /**
     * A node-local event one syncer raises for others, e.g. {@code lease} when the node's lease was taken anew.
     *
     * @param name the event
     */
    record Signal(String name) implements Trigger {
        /** Validates. */
        public Signal {
            requireNonNull(name, "name");
        }
    }
}
