package dev.podwire.subnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podwire.net.Cidr;
import dev.podwire.net.Ipv4;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class SubnetAllocatorTest {
    private static final NetConf HOSTGW = NetConf.parse(
            "{\"Network\":\"10.244.0.0/16\",\"Backend\":{\"Type\":\"host-gw\"}}");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static Cidr allocated(LeaseAllocation a) {
        return assertInstanceOf(LeaseAllocation.Allocated.class, a).subnet();
    }

    @Test
    void kubeModeHandsOutTheNetworkAddressFirstThenTheLowestGap() {
        RandomGenerator rnd = new SplittableRandom(1);
        assertEquals(Cidr.parse("10.244.0.0/24"), allocated(SubnetAllocator.allocate(HOSTGW, SubnetManager.KUBE,
                Set.of(), rnd)));
        assertEquals(Cidr.parse("10.244.1.0/24"), allocated(SubnetAllocator.allocate(HOSTGW, SubnetManager.KUBE,
                Set.of(Cidr.parse("10.244.0.0/24")), rnd)));
        assertEquals(Cidr.parse("10.244.2.0/24"), allocated(SubnetAllocator.allocate(HOSTGW, SubnetManager.KUBE,
                Set.of(Cidr.parse("10.244.3.0/24"), Cidr.parse("10.244.0.0/23")), rnd)));
    }

    @Test
    void etcdModeStartsAtSubnetMinAndPicksAmongFirstHundredFree() {
        Set<Cidr> seen = new HashSet<>();
        RandomGenerator rnd = new SplittableRandom(42);
        for (int i = 0; i < 2000; i++) {
            Cidr c = allocated(SubnetAllocator.allocate(HOSTGW, SubnetManager.ETCD, Set.of(), rnd));
            int third = c.address().octets()[2] & 0xff;
            assertTrue(third >= 1 && third <= 100, "candidate outside first 100 free: " + c);
            seen.add(c);
        }
        assertEquals(100, seen.size(), "uniform pick should reach every one of the 100 candidates");
    }

    @Test
    void etcdModeSkipsOverlappingLeasesIncludingLargerOnes() {
        // 10.244.0.0/17 covers every candidate up to 10.244.127.0; the next free is 10.244.128.0.
        Set<Cidr> existing = Set.of(Cidr.parse("10.244.0.0/17"));
        RandomGenerator first = new FirstPick();
        assertEquals(Cidr.parse("10.244.128.0/24"),
                allocated(SubnetAllocator.allocate(HOSTGW, SubnetManager.ETCD, existing, first)));
    }

    @Test
    void etcdModeHonoursSubnetMinAndMax() {
        NetConf conf = NetConf.parse("{\"Network\":\"10.0.0.0/8\",\"SubnetLen\":20,\"SubnetMin\":\"10.10.0.0\","
                + "\"SubnetMax\":\"10.10.32.0\",\"Backend\":{\"Type\":\"host-gw\"}}");
        Set<Cidr> seen = new HashSet<>();
        RandomGenerator rnd = new SplittableRandom(7);
        for (int i = 0; i < 500; i++) {
            seen.add(allocated(SubnetAllocator.allocate(conf, SubnetManager.ETCD, Set.of(Cidr.parse("10.10.16.0/20")),
                    rnd)));
        }
        assertEquals(Set.of(Cidr.parse("10.10.0.0/20"), Cidr.parse("10.10.32.0/20")), seen);
    }

    @Test
    void returnsExhaustedWhenEveryCandidateIsHeld() {
        NetConf small = NetConf.parse("{\"Network\":\"10.5.0.0/28\",\"Backend\":{\"Type\":\"host-gw\"}}");
        // /28 -> SubnetLen /30, SubnetMin 10.5.0.4, SubnetMax 10.5.0.12: three leases.
        Set<Cidr> held = Set.of(Cidr.parse("10.5.0.4/30"), Cidr.parse("10.5.0.8/30"), Cidr.parse("10.5.0.12/30"));
        var etcd = SubnetAllocator.allocate(small, SubnetManager.ETCD, held, new SplittableRandom(1));
        assertTrue(assertInstanceOf(LeaseAllocation.Exhausted.class, etcd).explanation().startsWith("out of subnets"));
        // Kube mode still has the network's first /30, which flannel's SubnetMin skips.
        assertEquals(Cidr.parse("10.5.0.0/30"),
                allocated(SubnetAllocator.allocate(small, SubnetManager.KUBE, held, new SplittableRandom(1))));
        var kube = SubnetAllocator.allocate(small, SubnetManager.KUBE, Set.of(Cidr.parse("10.5.0.0/28")),
                new SplittableRandom(1));
        assertTrue(assertInstanceOf(LeaseAllocation.Exhausted.class, kube).explanation()
                .startsWith("CIDR allocation failed"));
    }

    @Test
    void handlesCrowdedLargeNetworkQuickly() {
        NetConf conf = NetConf.parse("{\"Network\":\"10.0.0.0/8\",\"SubnetLen\":30,\"Backend\":{\"Type\":\"host-gw\"}}");
        Set<Cidr> held = new HashSet<>();
        for (int i = 1; i < 200_000; i++) {
            held.add(new Cidr(Ipv4.parse("10.0.0.0").plus(4L * i), 30));
        }
        assertEquals(Cidr.parse("10.12.53.0/30"), // 10.0.0.0 + 4 * 200000
                allocated(SubnetAllocator.allocate(conf, SubnetManager.ETCD, held, new FirstPick())));
    }

    @Test
    void reclaimsOwnCompatibleLeaseByPublicIp() {
        Ipv4 me = Ipv4.parse("192.168.31.202");
        Lease mine = Lease.granted(Cidr.parse("10.244.1.0/24"), LeaseAttrs.hostGw(me), T0);
        Lease other = Lease.granted(Cidr.parse("10.244.2.0/24"), LeaseAttrs.hostGw(Ipv4.parse("192.168.31.201")), T0);
        assertEquals(Optional.of(mine), SubnetAllocator.reclaim(HOSTGW, me, List.of(other, mine)));
        assertEquals(Optional.empty(), SubnetAllocator.reclaim(HOSTGW, Ipv4.parse("192.168.31.9"), List.of(other, mine)));
    }

    @Test
    void refusesToReclaimLeaseOutsideSubnetRangeOrOfOtherLength() {
        Ipv4 me = Ipv4.parse("192.168.31.202");
        Lease first = Lease.granted(Cidr.parse("10.244.0.0/24"), LeaseAttrs.hostGw(me), T0);  // below SubnetMin
        assertEquals(Optional.of(first), SubnetAllocator.heldBy(me, List.of(first)));
        assertEquals(Optional.empty(), SubnetAllocator.reclaim(HOSTGW, me, List.of(first)));
        Lease wide = Lease.granted(Cidr.parse("10.244.4.0/23"), LeaseAttrs.hostGw(me), T0);
        assertEquals(Optional.empty(), SubnetAllocator.reclaim(HOSTGW, me, List.of(wide)));
    }

    @Test
    void reusesPreviousSubnetOnlyWhenFreeAndCompatible() {
        Cidr previous = Cidr.parse("10.244.7.0/24");
        assertEquals(Optional.of(previous), SubnetAllocator.reclaimPrevious(HOSTGW, previous, Set.of()));
        assertEquals(Optional.empty(), SubnetAllocator.reclaimPrevious(HOSTGW, previous, Set.of(previous)));
        assertEquals(Optional.empty(),
                SubnetAllocator.reclaimPrevious(HOSTGW, previous, Set.of(Cidr.parse("10.244.6.0/23"))));
        assertEquals(Optional.empty(),
                SubnetAllocator.reclaimPrevious(HOSTGW, Cidr.parse("10.245.7.0/24"), Set.of()));
    }

    /** Always picks index 0, to observe the candidate order. */
    private static final class FirstPick implements RandomGenerator {
        @Override
        public long nextLong() {
            return 0;
        }

        @Override
        public int nextInt(int bound) {
            return 0;
        }
    }
}
