package dev.podwire.datastore.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.podwire.datastore.WatchEvent;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

/**
 * bench/etcd-latency.sh's first half: put → watch-notification latency, one write at a time (each put waits for its
 * event, so nothing queues), measured the same way through a bare jetcd client (etcd's own latency plus the
 * client library: the baseline) and through {@link EtcdDatastore} (what podwire's agents see), interleaved in rounds.
 * TTL'd writes are compared with a bare lease grant + put, the two calls flannel makes for a lease write too.
 *
 * <p>Arguments: endpoints, puts per round, rounds. Prints one line per case with p50/p99/mean in microseconds.
 */
public final class EtcdLatencyBench {
    private EtcdLatencyBench() {}

    public static void main(String[] args) throws Exception {
        EtcdEndpoints endpoints = EtcdEndpoints.parse(args[0]);
        int puts = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        long[] raw = new long[puts * rounds];
        long[] store = new long[puts * rounds];
        long[] storeTtl = new long[puts * rounds];
        long[] rawTtl = new long[puts * rounds];
        try (Client client = Client.builder().endpoints(endpoints.uris()).build();
                EtcdDatastore ds = EtcdDatastore.connect(endpoints, Duration.ofSeconds(5))) {
            // Warm-up: JIT and connections, untimed.
            rawRound(client, "/bench/warm-raw/", puts, new long[puts], 0, false);
            storeRound(ds, "/bench/warm-store/", puts, new long[puts], 0, Optional.empty());
            for (int r = 0; r < rounds; r++) {
                rawRound(client, "/bench/raw" + r + "/", puts, raw, r * puts, false);
                rawRound(client, "/bench/rawttl" + r + "/", puts, rawTtl, r * puts, true);
                storeRound(ds, "/bench/store" + r + "/", puts, store, r * puts, Optional.empty());
                storeRound(ds, "/bench/ttl" + r + "/", puts, storeTtl, r * puts, Optional.of(Duration.ofMinutes(5)));
            }
        }
        report("jetcd put->watch (baseline)", raw, raw);
        report("EtcdDatastore put->listener", store, raw);
        report("jetcd grant+put->watch (baseline)", rawTtl, rawTtl);
        report("EtcdDatastore put(ttl)->listener", storeTtl, rawTtl);
    }

    private static void rawRound(Client client, String prefix, int puts, long[] out, int offset, boolean lease)
            throws Exception {
        SynchronousQueue<Long> arrivals = new SynchronousQueue<>();
        ByteSequence p = ByteSequence.from(prefix, UTF_8);
        try (var watcher = client.getWatchClient().watch(p, WatchOption.builder().isPrefix(true).build(),
                response -> response.getEvents().forEach(e -> offer(arrivals, System.nanoTime())))) {
            Thread.sleep(200); // the watch is registered asynchronously
            for (int i = 0; i < puts; i++) {
                long t0 = System.nanoTime();
                PutOption option = lease
                        ? PutOption.builder().withLeaseId(client.getLeaseClient().grant(300).get().getID()).build()
                        : PutOption.DEFAULT;
                client.getKVClient().put(ByteSequence.from(prefix + i, UTF_8), ByteSequence.from("v" + i, UTF_8),
                        option).get();
                out[offset + i] = take(arrivals) - t0;
            }
        }
    }

    private static void storeRound(EtcdDatastore ds, String prefix, int puts, long[] out, int offset,
            Optional<Duration> ttl) throws Exception {
        SynchronousQueue<Long> arrivals = new SynchronousQueue<>();
        try (var watch = ds.watch(prefix, ds.revision(), e -> {
            if (e instanceof WatchEvent.Put) {
                offer(arrivals, System.nanoTime());
            }
        })) {
            for (int i = 0; i < puts; i++) {
                long t0 = System.nanoTime();
                ds.put(prefix + i, "v" + i, ttl);
                out[offset + i] = take(arrivals) - t0;
            }
        }
    }

    private static void offer(SynchronousQueue<Long> q, long t) {
        try {
            q.put(t);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long take(SynchronousQueue<Long> q) throws InterruptedException {
        Long t = q.poll(10, TimeUnit.SECONDS);
        if (t == null) {
            throw new IllegalStateException("no watch event within 10 s");
        }
        return t;
    }

    private static void report(String name, long[] nanos, long[] baseline) {
        long[] s = nanos.clone();
        long[] b = baseline.clone();
        Arrays.sort(s);
        Arrays.sort(b);
        System.out.printf("%-34s n=%d p50=%dus p99=%dus mean=%dus  p50 ratio=%.2f p99 ratio=%.2f%n", name, s.length,
                pct(s, 50) / 1000, pct(s, 99) / 1000, (long) Arrays.stream(s).average().orElse(0) / 1000,
                (double) pct(s, 50) / pct(b, 50), (double) pct(s, 99) / pct(b, 99));
    }

    static long pct(long[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
