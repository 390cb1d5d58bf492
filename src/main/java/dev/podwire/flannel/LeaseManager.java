package dev.podwire.flannel;

import dev.podwire.datastore.CasResult;
import dev.podwire.datastore.Datastore;
import dev.podwire.datastore.KeyValue;
import dev.podwire.net.Cidr;
import dev.podwire.subnet.Lease;
import dev.podwire.subnet.LeaseAllocation;
import dev.podwire.subnet.LeaseAttrs;
import dev.podwire.subnet.LeaseKey;
import dev.podwire.subnet.LeaseView;
import dev.podwire.subnet.NetConf;
import dev.podwire.subnet.SubnetAllocator;
import dev.podwire.subnet.SubnetManager;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * A node's flannel lease, kept in the datastore under flannel's keys with flannel's JSON and 24 h TTL.
 *
 * <p>In {@code kube} mode the subnet is the node's podCIDR (assigned in order by the lab, as kube-controller-manager's
 * range allocator does); in {@code etcd} mode it is flannel's own: reclaim the lease already held for this public IP,
 * else pick a free subnet and create it with a create-if-absent transaction, retrying a lost race up to 10 times.
 */
public final class LeaseManager implements LeaseView {
    private static final int RACE_RETRIES = 10;
    private final Datastore store;
    private final NetConf conf;
    private final SubnetManager mode;
    private final Supplier<LeaseAttrs> attrs;
    private final Optional<Cidr> assigned;
    private final InstantSource clock;
    private final RandomGenerator random;
    private final LeaseKey keys;
    private volatile Lease current;

    /** A manager with flannel's keys under the default prefix, publishing {@code attrs}. */
    public LeaseManager(Datastore store, NetConf conf, SubnetManager mode, LeaseAttrs attrs, Optional<Cidr> assigned,
            InstantSource clock, RandomGenerator random) {
        this(store, LeaseKey.DEFAULT, conf, mode, () -> attrs, assigned, clock, random);
    }

    /**
     * A manager of one node's lease.
     *
     * @param keys where flannel's keys live ({@code --etcd-prefix})
     * @param attrs what the node publishes (its backend's, asked when a lease is written)
     * @param assigned the node's podCIDR, which is its subnet in kube mode
     */
    public LeaseManager(Datastore store, LeaseKey keys, NetConf conf, SubnetManager mode, Supplier<LeaseAttrs> attrs,
            Optional<Cidr> assigned, InstantSource clock, RandomGenerator random) {
        this.store = store;
        this.keys = keys;
        this.conf = conf;
        this.mode = mode;
        this.attrs = attrs;
        this.assigned = assigned;
        this.clock = clock;
        this.random = random;
    }

    /** {@return the acquired lease} @throws IllegalStateException when the pool is exhausted */
    public Lease acquire() {
        if (mode == SubnetManager.KUBE) {
            Cidr subnet = assigned.orElseThrow(() -> new IllegalStateException(
                    "node pod cidr not assigned (kube subnet manager needs the node's podCIDR)"));
            return write(subnet);
        }
        Optional<Lease> mine = SubnetAllocator.reclaim(conf, attrs.get().publicIp(), all());
        if (mine.isPresent()) {
            return write(mine.get().subnet());
        }
        for (int attempt = 0; attempt < RACE_RETRIES; attempt++) {
            Set<Cidr> taken = new TreeSet<>();
            all().forEach(l -> taken.add(l.subnet()));
            switch (SubnetAllocator.allocate(conf, mode, taken, random)) {
                case LeaseAllocation.Exhausted(var why) -> throw new IllegalStateException(
                        "failed to acquire lease: " + why);
                case LeaseAllocation.Allocated(var subnet) -> {
                    Lease lease = Lease.granted(subnet, attrs.get(), clock.instant());
                    CasResult r = store.compareAndPut(keys.leaseKey(subnet), 0, attrs.get().toJson(),
                            Optional.of(Lease.TTL));
                    if (r instanceof CasResult.Written) {
                        current = lease;
                        return lease;
                    }
                }
            }
        }
        throw new IllegalStateException("failed to acquire lease: lost " + RACE_RETRIES + " races for a subnet");
    }

    /**
     * Renews the lease when its renewal time has come, and takes it anew when it expired or was deleted;
     * {@return whether the lease was written}
     */
    public boolean renewIfDue() {
        Instant now = clock.instant();
        String key = keys.leaseKey(current.subnet());
        if (store.get(key).isEmpty()) {
            // Expired or deleted by hand. Take it back only if nobody claimed it meanwhile, or the subnet would be
            // routed to two nodes; otherwise acquire a lease afresh.
            CasResult r = store.compareAndPut(key, 0, attrs.get().toJson(), Optional.of(Lease.TTL));
            if (r instanceof CasResult.Written) {
                current = Lease.granted(current.subnet(), attrs.get(), now);
            } else {
                acquire();
            }
            return true;
        }
        if (!now.isBefore(current.renewAt(Lease.DEFAULT_RENEW_MARGIN))) {
            write(current.subnet());
            return true;
        }
        return false;
    }

    @Override
    public String prefix() {
        return keys.subnetsPrefix();
    }

    /** {@return whether a lease has been acquired} */
    public boolean held() {
        return current != null;
    }

    @Override
    public Lease self() {
        Lease held = current;
        if (held == null) {
            throw new IllegalStateException("no lease acquired yet");
        }
        return held;
    }

    @Override
    public List<Lease> all() {
        List<Lease> out = new ArrayList<>();
        for (KeyValue kv : store.list(keys.subnetsPrefix())) {
            Optional<Cidr> subnet = keys.parseLeaseKey(kv.key());
            if (subnet.isEmpty()) {
                continue;
            }
            try {
                out.add(new Lease(subnet.get(), LeaseAttrs.parse(kv.value()),
                        kv.expires().orElse(Instant.MAX)));
            } catch (IllegalArgumentException e) {
                // A hand-written key with bad JSON is skipped, as flannel skips what it cannot parse.
            }
        }
        out.sort(null);
        return out;
    }

    private Lease write(Cidr subnet) {
        store.put(keys.leaseKey(subnet), attrs.get().toJson(), Optional.of(Lease.TTL));
        current = Lease.granted(subnet, attrs.get(), clock.instant());
        return current;
    }
}
