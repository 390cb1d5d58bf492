package dev.podwire.backend.vxlan;

import dev.podwire.host.ip.IpNeigh;
import java.util.Objects;

/** One step that brings the VTEP's neighbour table to the plan; rendered as an {@code ip -batch} line. */
public sealed interface NeighChange {

    /** {@return the {@code ip -batch} line, without newline} */
    String line();

    /**
     * Install or overwrite the entry ({@code neigh replace <ip> lladdr <mac> dev <dev> nud permanent}).
     *
     * @param entry the desired entry
     */
    record Replace(NeighEntry entry) implements NeighChange {
        /** Validates. */
        public Replace {
            Objects.requireNonNull(entry, "entry");
        }

        @Override
        public String line() {
            return "neigh replace " + entry;
        }
    }

    /**
     * Remove a permanent entry for an address no peer uses any more ({@code neigh del <ip> dev <dev>}).
     *
     * @param entry the entry as observed
     */
    record Delete(IpNeigh entry) implements NeighChange {
        /** Validates. */
        public Delete {
            Objects.requireNonNull(entry, "entry");
        }

        @Override
        public String line() {
            return "neigh del " + entry.ip() + " dev " + entry.dev();
        }
    }
}
