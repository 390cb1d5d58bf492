package dev.podwire.ipam;

import dev.podwire.net.Ipv4;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** host-local's address choice ({@code backend/allocator/allocator.go}), as a pure function of its on-disk state. */
public final class HostLocalAllocator {
    private HostLocalAllocator() {
    }

    /**
     * {@return the next address to reserve}: round-robin from {@code lastReserved + 1} (or from rangeStart when
     * there is no last reservation or it lies outside the range), wrapping from rangeEnd to rangeStart, skipping the
     * gateway and every address in {@code reserved}; {@link Allocation.Exhausted} after one full turn.
     *
     * @param reserved addresses already held (the IP-named files in the network's directory)
     * @param lastReserved the content of {@code last_reserved_ip.0}, if any
     */
    public static Allocation allocate(HostLocalRange range, Set<Ipv4> reserved, Optional<Ipv4> lastReserved) {
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(reserved, "reserved");
        long start = range.rangeStart().unsigned();
        long size = range.rangeEnd().unsigned() - start + 1;
        // host-local sets its cursor on lastReserved and advances before the first check, so lastReserved itself is
        // the last candidate of the turn.
        long offset = lastReserved.filter(range::contains).map(ip -> ip.unsigned() - start + 1).orElse(0L);
        for (long i = 0; i < size; i++) {
            Ipv4 candidate = new Ipv4((int) (start + (offset + i) % size));
            if (!candidate.equals(range.gateway()) && !reserved.contains(candidate)) {
                return new Allocation.Assigned(candidate);
            }
        }
        return new Allocation.Exhausted(range.subnet());
    }
}
