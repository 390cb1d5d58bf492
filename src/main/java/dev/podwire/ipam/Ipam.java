package dev.podwire.ipam;

import dev.podwire.net.Ipv4;

/** A node's pod address allocator (host-local IPAM); keyed by container ID as the CNI runtime passes it. */
public interface Ipam {

    /** {@return the address given to the container} @throws IllegalStateException when the range is exhausted */
    Ipv4 allocate(String containerId);

    /** Frees whatever the container held; a no-op when it held nothing. */
    void release(String containerId);

    /** {@return every held address by container ID, as the pool's files say} */
    java.util.Map<String, java.util.List<Ipv4>> reservations();
}
