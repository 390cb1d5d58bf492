package dev.podwire.datastore.etcd;

import io.etcd.jetcd.Lease;
import io.etcd.jetcd.lease.LeaseTimeToLiveResponse;
import io.etcd.jetcd.options.LeaseOption;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The etcd leases behind TTL'd keys: one lease per TTL'd write, as flannel does, and a cache of when each lease runs
 * out so that {@link dev.podwire.datastore.KeyValue#expires()} needs no round trip per key.
 *
 * <p>A lease's deadline only moves with a keep-alive, which podwire never sends (a renewal is a new put with a new
 * lease, like flannel's), so a cached deadline stays right. The cache is bounded; a miss costs one
 * {@code LeaseTimeToLive} call.
 */
final class LeaseTable {
    private static final int CACHE_LIMIT = 20_000;
    private final java.util.function.Supplier<Lease> leases;
    private final Calls calls;
    private final InstantSource clock;
    private final Map<Long, Instant> deadlines = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Instant> eldest) {
            return size() > CACHE_LIMIT;
        }
    };
    private final Set<Long> ours = java.util.concurrent.ConcurrentHashMap.newKeySet();

    LeaseTable(java.util.function.Supplier<Lease> leases, Calls calls, InstantSource clock) {
        this.leases = leases;
        this.calls = calls;
        this.clock = clock;
    }

    /** {@return a new lease id lasting {@code ttl}, rounded up to whole seconds as etcd counts} */
    long grant(Duration ttl, String key) {
        long seconds = Math.max(1, (ttl.toMillis() + 999) / 1000);
        Instant asked = clock.instant();
        long id = calls.await(leases.get().grant(seconds), "lease grant ttl=" + seconds + "s for " + key).getID();
        remember(id, asked.plusSeconds(seconds));
        ours.add(id);
        return id;
    }

    /** Revokes a lease this client granted and no key uses any more, without waiting; other leases are left alone. */
    void releaseIfOurs(long id) {
        if (id != 0 && ours.remove(id)) {
            leases.get().revoke(id).exceptionally(e -> null);
            synchronized (deadlines) {
                deadlines.remove(id);
            }
        }
    }

    /** {@return when each of {@code ids} runs out}, asking etcd in parallel for the ones not cached */
    Map<Long, Instant> deadlines(List<Long> ids) {
        Map<Long, Instant> out = new HashMap<>();
        Map<Long, CompletableFuture<LeaseTimeToLiveResponse>> asked = new HashMap<>();
        Instant now = clock.instant();
        synchronized (deadlines) {
            for (long id : ids) {
                Instant known = deadlines.get(id);
                if (known != null) {
                    out.put(id, known);
                } else if (id != 0 && !asked.containsKey(id)) {
                    asked.put(id, leases.get().timeToLive(id, LeaseOption.DEFAULT));
                }
            }
        }
        for (var e : asked.entrySet()) {
            long ttl = calls.await(e.getValue(), "lease time-to-live " + Long.toHexString(e.getKey())).getTTL();
            // -1: the lease ran out between the read and this call; the key is going away right now.
            Instant deadline = ttl < 0 ? now : now.plusSeconds(ttl);
            remember(e.getKey(), deadline);
            out.put(e.getKey(), deadline);
        }
        return out;
    }

    /** {@return when lease {@code id} runs out, empty for no lease (0)} */
    Optional<Instant> deadline(long id) {
        return id == 0 ? Optional.empty() : Optional.of(deadlines(List.of(id)).get(id));
    }

    /**
     * {@return whether lease {@code id} no longer exists}: etcd's delete event does not say why a key went away, so a
     * deleted key whose lease is gone is taken to have expired (a revoked lease counts as expired too, as flannel sees
     * it); a key deleted while its lease lives on was deleted explicitly.
     */
    boolean gone(long id) {
        boolean gone = calls.await(leases.get().timeToLive(id, LeaseOption.DEFAULT), "lease time-to-live "
                + Long.toHexString(id)).getTTL() < 0;
        if (gone) {
            ours.remove(id);
            synchronized (deadlines) {
                deadlines.remove(id);
            }
        }
        return gone;
    }

    private void remember(long id, Instant deadline) {
        synchronized (deadlines) {
            deadlines.put(id, deadline);
        }
    }
}
