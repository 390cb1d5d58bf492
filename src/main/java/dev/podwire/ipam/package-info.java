/**
 * Pod address management as the CNI {@code host-local} plugin does it, as pure functions:
 * {@link dev.podwire.ipam.HostLocalRange} (a range with host-local's defaults),
 * {@link dev.podwire.ipam.HostLocalAllocator} (round-robin choice returning an {@link dev.podwire.ipam.Allocation})
 * and {@link dev.podwire.ipam.HostLocalFiles} (the {@code /var/lib/cni/networks/<name>/} layout as names and
 * contents, and the parser that rebuilds state from them).
 *
 * <p>Design notes. The allocator takes the reserved set and {@code last_reserved_ip.0} as arguments, so the same
 * code serves a real data directory (read by the caller), a lab's in-memory store and tests. A full range is an
 * {@link dev.podwire.ipam.Allocation.Exhausted} value. Only one range per range set and IPv4 are modelled; locking
 * ({@code lock} + flock) belongs to whoever writes the files.
 */
package dev.podwire.ipam;
