package dev.podwire.subnet;

import java.util.List;

/** What a node knows of flannel's leases: its own, and every lease in the store. */
public interface LeaseView {
    /** The signal a node's syncers get when its lease was taken anew (after it expired or was deleted). */
    String RENEWED = "lease";

    /** {@return this node's lease} @throws IllegalStateException before one was acquired */
    Lease self();

    /** {@return every lease in the store that parses, this node's included, sorted by subnet} */
    List<Lease> all();

    /** {@return the key prefix every lease lives under, e.g. {@code /coreos.com/network/subnets/}} */
    String prefix();
}
