package dev.podwire.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.podwire.net.Cidr;
import dev.podwire.net.Ipv4;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HostLocalAllocatorTest {
    private static final Cidr SUBNET = Cidr.parse("10.244.1.0/24");
    private static final HostLocalRange RANGE = HostLocalRange.of(SUBNET);

    private static Allocation.Assigned ip(String s) {
        return new Allocation.Assigned(Ipv4.parse(s));
    }

    @Test
    void defaultsMatchHostLocal() {
        assertEquals(new HostLocalRange(SUBNET, Ipv4.parse("10.244.1.1"), Ipv4.parse("10.244.1.254"),
                Ipv4.parse("10.244.1.1")), RANGE);
        assertEquals(253, RANGE.capacity());
    }

    @Test
    void handsOutDotTwoFirstSkippingTheGateway() {
        assertEquals(ip("10.244.1.2"), HostLocalAllocator.allocate(RANGE, Set.of(), Optional.empty()));
    }

    @Test
    void continuesRoundRobinAfterLastReservedEvenWhenLowerAddressesAreFree() {
        assertEquals(ip("10.244.1.6"), HostLocalAllocator.allocate(RANGE, Set.of(Ipv4.parse("10.244.1.3")),
                Optional.of(Ipv4.parse("10.244.1.5"))));
    }

    @Test
    void skipsReservedAddresses() {
        Set<Ipv4> reserved = Set.of(Ipv4.parse("10.244.1.2"), Ipv4.parse("10.244.1.3"));
        assertEquals(ip("10.244.1.4"), HostLocalAllocator.allocate(RANGE, reserved, Optional.empty()));
    }

    @Test
    void wrapsFromRangeEndToRangeStartAndSkipsGateway() {
        assertEquals(ip("10.244.1.2"), HostLocalAllocator.allocate(RANGE, Set.of(Ipv4.parse("10.244.1.254")),
                Optional.of(Ipv4.parse("10.244.1.254"))));
        assertEquals(ip("10.244.1.3"), HostLocalAllocator.allocate(RANGE, Set.of(Ipv4.parse("10.244.1.2")),
                Optional.of(Ipv4.parse("10.244.1.254"))));
    }

    @Test
    void lastReservedItselfIsTheFinalCandidateOfATurn() {
        Set<Ipv4> all = new HashSet<>();
        for (int i = 2; i <= 254; i++) {
            all.add(Ipv4.parse("10.244.1." + i));
        }
        all.remove(Ipv4.parse("10.244.1.77"));
        assertEquals(ip("10.244.1.77"), HostLocalAllocator.allocate(RANGE, all, Optional.of(Ipv4.parse("10.244.1.77"))));
    }

    @Test
    void ignoresLastReservedOutsideTheRange() {
        assertEquals(ip("10.244.1.2"), HostLocalAllocator.allocate(RANGE, Set.of(),
                Optional.of(Ipv4.parse("10.244.2.9"))));
    }

    @Test
    void returnsExhaustedWhenFull() {
        HostLocalRange tiny = HostLocalRange.of(Cidr.parse("10.244.1.0/30"));  // .1 gateway, .2 only
        assertEquals(1, tiny.capacity());
        assertEquals(new Allocation.Exhausted(Cidr.parse("10.244.1.0/30")),
                HostLocalAllocator.allocate(tiny, Set.of(Ipv4.parse("10.244.1.2")), Optional.empty()));
    }

    @Test
    void honoursCustomRangeBounds() {
        HostLocalRange r = new HostLocalRange(SUBNET, Ipv4.parse("10.244.1.100"), Ipv4.parse("10.244.1.101"),
                Ipv4.parse("10.244.1.1"));
        assertEquals(ip("10.244.1.101"), HostLocalAllocator.allocate(r, Set.of(), Optional.of(Ipv4.parse("10.244.1.100"))));
        assertEquals(ip("10.244.1.100"), HostLocalAllocator.allocate(r, Set.of(), Optional.of(Ipv4.parse("10.244.1.101"))));
    }

    @Test
    void rejectsTooSmallSubnetsAndBoundsOutsideIt() {
        assertThrows(IllegalArgumentException.class, () -> HostLocalRange.of(Cidr.parse("10.244.1.0/31")));
        assertThrows(IllegalArgumentException.class, () -> new HostLocalRange(SUBNET, Ipv4.parse("10.244.2.1"),
                Ipv4.parse("10.244.1.254"), Ipv4.parse("10.244.1.1")));
        assertThrows(IllegalArgumentException.class, () -> new HostLocalRange(SUBNET, Ipv4.parse("10.244.1.9"),
                Ipv4.parse("10.244.1.8"), Ipv4.parse("10.244.1.1")));
    }
}
