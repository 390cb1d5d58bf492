package dev.podwire.backend.vxlan;

import dev.podwire.host.ip.BridgeFdb;
import java.util.Objects;

/** One step that brings the VTEP's forwarding database to the plan; rendered as a {@code bridge -batch} line. */
public sealed interface FdbChange {

    /** {@return the {@code bridge -batch} line, without newline} */
    String line();

    /**
     * Install or overwrite the entry ({@code fdb replace <mac> dev <dev> dst <ip> self permanent}).
     *
     * @param entry the desired entry
     */
    record Replace(FdbEntry entry) implements FdbChange {
        /** Validates. */
        public Replace {
            Objects.requireNonNull(entry, "entry");
        }

        @Override
        public String line() {
            return "fdb replace " + entry;
        }
    }

    /**
     * Remove one remote of an owned entry ({@code fdb del <mac> dev <dev> dst <ip> self}).
     *
     * @param entry the entry as observed; {@linkplain FdbEntry#owned owned}, so it has a {@code dst}
     */
    record Delete(BridgeFdb entry) implements FdbChange {
        /** Validates. */
        public Delete {
            Objects.requireNonNull(entry, "entry");
            if (!FdbEntry.owned(entry)) {
                throw new IllegalArgumentException("entry: " + entry
                        + " (expected: a permanent self entry with a dst, as flannel writes)");
            }
        }

        @Override
        public String line() {
            return "fdb del " + entry.mac() + " dev " + entry.dev() + " dst " + entry.dst().orElseThrow() + " self";
        }
    }
}
