package dev.podwire.daemon;

import dev.podwire.agent.NodeClaim;
import dev.podwire.datastore.Datastore;
import dev.podwire.datastore.DatastoreUnavailableException;
import dev.podwire.datastore.KeyValue;
import dev.podwire.labfile.NodeSpec;
import dev.podwire.net.Ipv4;
import dev.podwire.subnet.LeaseAttrs;
import dev.podwire.subnet.LeaseKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Ends the flannel leases of nodes whose agent is gone (etcd datastore mode). flannel's leases live 24 h, far too long
 * for the lab: a node whose namespace was removed would keep its routes on every other node for a day. Instead the
 * control plane watches each agent's claim ({@link NodeClaim}, 10 s TTL): once a node's claim has been seen and then
 * stays absent for {@link #GRACE}, the node's leases (by PublicIP) are deleted, and the other agents drop its routes
 * on their next pass. A restarted agent takes its claim back within seconds, so a restart never reaps; after an etcd
 * outage an agent may need up to its call timeout (10 s) plus a renewal interval (3 s) to renew, within the grace.
 */
final class LeaseReaper {
    private static final System.Logger LOG = System.getLogger(LeaseReaper.class.getName());
    /** How long a node may be without an agent before its leases go. */
    static final Duration GRACE = Duration.ofSeconds(20);

    private final Datastore store;
    private final List<NodeSpec> nodes;
    private final LeaseKey keys;
    private final Set<String> seen = new TreeSet<>();
    private final Map<String, Instant> missingSince = new HashMap<>();

    LeaseReaper(Datastore store, List<NodeSpec> nodes, LeaseKey keys) {
        this.store = store;
        this.nodes = List.copyOf(nodes);
        this.keys = keys;
    }

    /** Checks every node's claim once; {@return the lease keys deleted} */
    List<String> check(Instant now) {
        Set<String> claimed = new TreeSet<>();
        try {
            store.list(NodeClaim.PREFIX).forEach(kv -> claimed.add(kv.key().substring(NodeClaim.PREFIX.length())));
        } catch (DatastoreUnavailableException e) {
            // Every claim expires during an etcd outage, and agents need a moment to renew theirs once etcd is back:
            // absences count again from the first answer after the outage, never across it.
            missingSince.clear();
            throw e;
        }
        List<String> deleted = new java.util.ArrayList<>();
        for (NodeSpec n : nodes) {
            if (claimed.contains(n.name())) {
                seen.add(n.name());
                missingSince.remove(n.name());
                continue;
            }
            // A node whose agent never claimed it is still starting; only an agent that went away is reaped.
            if (!seen.contains(n.name())) {
                continue;
            }
            Instant since = missingSince.computeIfAbsent(n.name(), k -> now);
            if (now.isBefore(since.plus(GRACE))) {
                continue;
            }
            for (KeyValue kv : store.list(keys.subnetsPrefix())) {
                if (keys.parseLeaseKey(kv.key()).isPresent() && publicIp(kv).filter(n.address()::equals).isPresent()
                        && store.delete(kv.key())) {
                    deleted.add(kv.key());
                    LOG.log(System.Logger.Level.WARNING, "lease reaped node=" + n.name() + " key=" + kv.key()
                            + " agent-gone-for=" + Duration.between(since, now).toSeconds() + "s");
                }
            }
        }
        return deleted;
    }

    private static java.util.Optional<Ipv4> publicIp(KeyValue kv) {
        try {
            return java.util.Optional.of(LeaseAttrs.parse(kv.value()).publicIp());
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }
}
