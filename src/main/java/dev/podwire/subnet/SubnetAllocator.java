package dev.podwire.subnet;

import dev.podwire.net.Cidr;
import dev.podwire.net.Ipv4;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Picks node subnets the way flannel's two subnet managers get them, and finds leases a restarting node may keep.
 * Pure: the caller lists the leases and writes the result.
 */
public final class SubnetAllocator {
    /** flannel collects at most this many free candidates before picking one at random. */
    public static final int MAX_CANDIDATES = 100;

    private SubnetAllocator() {
    }

    /**
     * {@return a free subnet of {@code conf.subnetLen()} not overlapping any of {@code existing}}.
     *
     * <ul>
     *   <li>{@link SubnetManager#KUBE}: as kube-controller-manager's range allocator hands out podCIDRs: the lowest
     *       free subnet starting at the Network address ({@code 10.244.0.0/24} first); SubnetMin/Max are ignored.
     *   <li>{@link SubnetManager#ETCD}: as flanneld's {@code allocateSubnet}: walk SubnetMin..SubnetMax in steps of
     *       one subnet, skip candidates overlapping a lease, stop after {@value #MAX_CANDIDATES} free ones and pick
     *       one uniformly with {@code random}.
     * </ul>
     */
    public static LeaseAllocation allocate(NetConf conf, SubnetManager mode, Set<Cidr> existing,
            RandomGenerator random) {
        Objects.requireNonNull(conf, "conf");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(random, "random");
        long[][] taken = mergedIntervals(existing);
        return switch (mode) {
            case KUBE -> {
                List<Ipv4> free = freeCandidates(conf.network().address(), conf.network().last(), conf.subnetLen(),
                        taken, 1);
                yield free.isEmpty()
                        ? new LeaseAllocation.Exhausted("CIDR allocation failed; there are no remaining CIDRs left to"
                                + " allocate in the accepted range (every /" + conf.subnetLen() + " of "
                                + conf.network() + " is assigned to a node)")
                        : new LeaseAllocation.Allocated(new Cidr(free.getFirst(), conf.subnetLen()));
            }
            case ETCD -> {
                List<Ipv4> free = freeCandidates(conf.subnetMin(), conf.subnetMax(), conf.subnetLen(), taken,
                        MAX_CANDIDATES);
                yield free.isEmpty()
                        ? new LeaseAllocation.Exhausted("out of subnets: every /" + conf.subnetLen() + " from "
                                + conf.subnetMin() + " to " + conf.subnetMax() + " overlaps an existing lease"
                                + " (leases of dead nodes are held until their 24h TTL runs out)")
                        : new LeaseAllocation.Allocated(
                                new Cidr(free.get(random.nextInt(free.size())), conf.subnetLen()));
            }
        };
    }

    /** {@return whether flannel would keep {@code subnet} under {@code conf}: SubnetMin..SubnetMax, length SubnetLen} */
    public static boolean isCompatible(NetConf conf, Cidr subnet) {
        return subnet.prefixLength() == conf.subnetLen()
                && subnet.address().compareTo(conf.subnetMin()) >= 0
                && subnet.address().compareTo(conf.subnetMax()) <= 0;
    }

    /**
     * {@return the first lease (in subnet order) whose PublicIP is {@code publicIp}}, compatible or not. flannel
     * deletes such a lease when it is {@linkplain #isCompatible incompatible} before allocating a new one.
     */
    public static Optional<Lease> heldBy(Ipv4 publicIp, Collection<Lease> leases) {
        return leases.stream().sorted().filter(l -> l.attrs().publicIp().equals(publicIp)).findFirst();
    }

    /** {@return the lease this node already holds and may renew (flannel's "reuse by public IP", step 2)} */
    public static Optional<Lease> reclaim(NetConf conf, Ipv4 publicIp, Collection<Lease> leases) {
        return heldBy(publicIp, leases).filter(l -> isCompatible(conf, l.subnet()));
    }

    /**
     * {@return the subnet from the previous subnet.env, when it is still compatible and free} (flannel step 3).
     * flannel only checks that no lease has exactly this subnet; this also refuses a subnet overlapping one.
     */
    public static Optional<Cidr> reclaimPrevious(NetConf conf, Cidr previous, Set<Cidr> existing) {
        boolean free = existing.stream().noneMatch(previous::overlaps);
        return free && isCompatible(conf, previous) ? Optional.of(previous) : Optional.empty();
    }

    // Walks aligned candidates first..last, skipping straight past taken intervals so the walk costs
    // O(leases + limit) rather than O(subnets x leases) on a large, crowded network.
    private static List<Ipv4> freeCandidates(Ipv4 first, Ipv4 last, int subnetLen, long[][] taken, int limit) {
        long size = 1L << (32 - subnetLen);
        List<Ipv4> free = new ArrayList<>();
        long candidate = first.unsigned();
        int i = 0;
        while (candidate <= last.unsigned() && free.size() < limit) {
            long end = candidate + size - 1;
            while (i < taken.length && taken[i][1] < candidate) {
                i++;
            }
            if (i < taken.length && taken[i][0] <= end) {
                long next = taken[i][1] + 1;
                candidate = Math.max(candidate + size, (next + size - 1) / size * size);
                continue;
            }
            free.add(new Ipv4((int) candidate));
            candidate += size;
        }
        return free;
    }

    private static long[][] mergedIntervals(Set<Cidr> existing) {
        List<Cidr> sorted = existing.stream().sorted().toList();
        List<long[]> merged = new ArrayList<>();
        for (Cidr c : sorted) {
            long start = c.address().unsigned();
            long end = c.last().unsigned();
            if (!merged.isEmpty() && start <= merged.getLast()[1] + 1) {
                merged.getLast()[1] = Math.max(merged.getLast()[1], end);
            } else {
                merged.add(new long[] {start, end});
            }
        }
        return merged.toArray(long[][]::new);
    }
}
