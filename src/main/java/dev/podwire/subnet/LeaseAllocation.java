package dev.podwire.subnet;

import dev.podwire.net.Cidr;
import java.util.Objects;

/** The outcome of picking a subnet for a node: a free subnet, or none left. */
public sealed interface LeaseAllocation {

    /**
     * A free subnet was chosen.
     *
     * @param subnet the subnet to lease
     */
    record Allocated(Cidr subnet) implements LeaseAllocation {
        /** Validates. */
        public Allocated {
            Objects.requireNonNull(subnet, "subnet");
        }
    }

    /**
     * Every candidate overlaps an existing lease.
     *
     * @param explanation what was searched, in the wording of the component being modelled
     */
    record Exhausted(String explanation) implements LeaseAllocation {
        /** Validates. */
        public Exhausted {
            Objects.requireNonNull(explanation, "explanation");
        }
    }
}
