package dev.podwire.flannel;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.podwire.datastore.Datastore;
import dev.podwire.datastore.InMemoryDatastore;
import dev.podwire.datastore.etcd.EtcdDatastore;
import dev.podwire.datastore.etcd.EtcdEndpoints;
import dev.podwire.net.Ipv4;
import dev.podwire.subnet.LeaseAttrs;
import dev.podwire.subnet.LeaseKey;
import dev.podwire.subnet.NetConf;
import dev.podwire.subnet.SubnetManager;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.LeaseOption;
import io.etcd.jetcd.options.PutOption;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * bench/etcd-latency.sh's second half: N simulated nodes acquire their flannel lease at once (C at a time), through the
 * real {@link LeaseManager} in etcd subnet-manager mode on {@link EtcdDatastore} — and, as the baseline in the same run,
 * the etcd calls flanneld makes per node, done with a bare jetcd client: range the leases, ask each lease's TTL in
 * turn (flannel's getSubnets), grant a 24 h lease, create-if-absent transaction — on a pre-chosen free subnet, so the
 * baseline never loses a race. The in-memory store runs the same LeaseManager code for
 * reference. Arguments: endpoints, nodes, concurrency, rounds.
 */
public final class EtcdLeaseBench {
    private static final String CONF = "{\"Network\":\"10.244.0.0/16\",\"Backend\":{\"Type\":\"host-gw\"}}";
    private static final String SUBNETS = LeaseKey.DEFAULT.subnetsPrefix();

    private EtcdLeaseBench() {}

    public static void main(String[] args) throws Exception {
        EtcdEndpoints endpoints = EtcdEndpoints.parse(args[0]);
        int nodes = Integer.parseInt(args[1]);
        int concurrency = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        NetConf conf = NetConf.parse(CONF);
        List<Long> rawWall = new ArrayList<>();
        List<Long> storeWall = new ArrayList<>();
        List<Long> memWall = new ArrayList<>();
        long[] rawEach = new long[0];
        long[] storeEach = new long[0];
        List<EtcdDatastore> stores = new ArrayList<>();
        List<Client> clients = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            for (int i = 0; i < concurrency; i++) {
                stores.add(EtcdDatastore.connect(endpoints, Duration.ofSeconds(10)));
                clients.add(Client.builder().endpoints(endpoints.uris()).build());
            }
            stores.getFirst().put(LeaseKey.DEFAULT.configKey(), CONF, Optional.empty());
            // Warm-up round of each, untimed.
            raw(clients, pool, nodes, new long[nodes]);
            leaseManagers(stores, pool, conf, nodes, new long[nodes]);
            for (int r = 0; r < rounds; r++) {
                long[] each = new long[nodes];
                rawWall.add(raw(clients, pool, nodes, each));
                rawEach = concat(rawEach, each);
                each = new long[nodes];
                storeWall.add(leaseManagers(stores, pool, conf, nodes, each));
                storeEach = concat(storeEach, each);
                InMemoryDatastore mem = new InMemoryDatastore(InstantSource.system());
                memWall.add(leaseManagers(List.of(mem), pool, conf, nodes, new long[nodes]));
            }
        } finally {
            pool.shutdownNow();
            stores.forEach(EtcdDatastore::close);
            clients.forEach(Client::close);
        }
        long rawMedian = median(rawWall);
        System.out.printf("leases for %d nodes, %d at a time, %d rounds (medians of wall time)%n", nodes, concurrency,
                rounds);
        System.out.printf("%-44s wall=%dms  per-acquire p50=%dus p99=%dus%n", "bare jetcd, flannel's calls (baseline)",
                rawMedian / 1_000_000, pct(rawEach, 50) / 1000, pct(rawEach, 99) / 1000);
        System.out.printf("%-44s wall=%dms  per-acquire p50=%dus p99=%dus  wall ratio=%.2f%n",
                "LeaseManager on EtcdDatastore", median(storeWall) / 1_000_000, pct(storeEach, 50) / 1000,
                pct(storeEach, 99) / 1000, (double) median(storeWall) / rawMedian);
        System.out.printf("%-44s wall=%dms%n", "LeaseManager on InMemoryDatastore", median(memWall) / 1_000_000);
    }

    /** {@return wall nanos} for every node acquiring through LeaseManager, the stores shared round-robin */
    private static long leaseManagers(List<? extends Datastore> stores, ExecutorService pool, NetConf conf,
            int nodes, long[] each) throws Exception {
        clear(stores.getFirst());
        List<Callable<String>> tasks = new ArrayList<>();
        for (int n = 0; n < nodes; n++) {
            int node = n;
            Datastore store = stores.get(n % stores.size());
            tasks.add(() -> {
                LeaseManager lm = new LeaseManager(store, conf, SubnetManager.ETCD, attrs(node), Optional.empty(),
                        InstantSource.system(), new SplittableRandom(node));
                long t0 = System.nanoTime();
                String subnet = lm.acquire().subnet().toString();
                each[node] = System.nanoTime() - t0;
                return subnet;
            });
        }
        return timed(pool, tasks, nodes);
    }

    /** {@return wall nanos} for every node doing flannel's etcd calls directly, each on its own free subnet */
    private static long raw(List<Client> clients, ExecutorService pool, int nodes, long[] each) throws Exception {
        clearRaw(clients.getFirst());
        List<Callable<String>> tasks = new ArrayList<>();
        for (int n = 0; n < nodes; n++) {
            int node = n;
            Client c = clients.get(n % clients.size());
            tasks.add(() -> {
                String key = SUBNETS + "10.244." + (node + 1) + ".0-24";
                ByteSequence k = ByteSequence.from(key, UTF_8);
                long t0 = System.nanoTime();
                var existing = c.getKVClient().get(ByteSequence.from(SUBNETS, UTF_8),
                        GetOption.builder().isPrefix(true).build()).get().getKvs();
                // flannel's getSubnets asks each lease's TTL in turn (etcdv3 registry.go).
                for (var kv : existing) {
                    c.getLeaseClient().timeToLive(kv.getLease(), LeaseOption.DEFAULT).get();
                }
                long lease = c.getLeaseClient().grant(Duration.ofHours(24).toSeconds()).get().getID();
                boolean ok = c.getKVClient().txn()
                        .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(0)))
                        .Then(Op.put(k, ByteSequence.from(attrs(node).toJson(), UTF_8),
                                PutOption.builder().withLeaseId(lease).build()))
                        .commit().get().isSucceeded();
                each[node] = System.nanoTime() - t0;
                if (!ok) {
                    throw new IllegalStateException("baseline subnet taken: " + key);
                }
                return key;
            });
        }
        return timed(pool, tasks, nodes);
    }

    private static long timed(ExecutorService pool, List<Callable<String>> tasks, int nodes) throws Exception {
        long t0 = System.nanoTime();
        List<Future<String>> done = pool.invokeAll(tasks);
        long wall = System.nanoTime() - t0;
        Set<String> subnets = new HashSet<>();
        for (Future<String> f : done) {
            subnets.add(f.get());
        }
        if (subnets.size() != nodes) {
            throw new IllegalStateException("expected " + nodes + " distinct subnets, got " + subnets.size());
        }
        return wall;
    }

    private static LeaseAttrs attrs(int node) {
        return LeaseAttrs.hostGw(Ipv4.parse("192.168." + (1 + node / 250) + "." + (1 + node % 250)));
    }

    private static void clear(Datastore store) {
        for (var kv : store.list(SUBNETS)) {
            store.delete(kv.key());
        }
    }

    private static void clearRaw(Client c) throws Exception {
        c.getKVClient().delete(ByteSequence.from(SUBNETS, UTF_8), DeleteOption.builder().isPrefix(true).build()).get();
    }

    private static long[] concat(long[] a, long[] b) {
        long[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static long median(List<Long> xs) {
        List<Long> s = new ArrayList<>(xs);
        s.sort(null);
        return s.get(s.size() / 2);
    }

    private static long pct(long[] xs, int p) {
        long[] s = xs.clone();
        Arrays.sort(s);
        int i = (int) Math.ceil(p / 100.0 * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, i))];
    }
}
