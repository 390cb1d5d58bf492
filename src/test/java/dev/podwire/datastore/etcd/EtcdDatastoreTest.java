package dev.podwire.datastore.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podwire.datastore.DatastoreContract;
import dev.podwire.datastore.DatastoreUnavailableException;
import dev.podwire.datastore.KeyValue;
import dev.podwire.datastore.WatchEvent;
import dev.podwire.host.Command;
import dev.podwire.host.ProcessExecutor;
import dev.podwire.net.Netns;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What only a real etcd shows: lease expiry, compaction, etcdctl's view, and bad endpoints. */
@Tag("netns")
class EtcdDatastoreTest {
    @RegisterExtension
    static final TestEtcd.PerClass etcd = TestEtcd.perClass("store");
    private EtcdDatastore store;

    @BeforeEach
    void connect() {
        store = etcd.connect();
    }

    @AfterEach
    void disconnect() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void leaseExpiryIsDeliveredAsAnExpiredDeleteAndAnExplicitDeleteIsNot() {
        long from = store.revision();
        List<WatchEvent> seen = new CopyOnWriteArrayList<>();
        store.watch("/ttl/", from, seen::add);
        // etcd's minimum lease TTL is about 2 s with default election settings.
        store.put("/ttl/short", "s", Optional.of(Duration.ofSeconds(1)));
        store.put("/ttl/long", "l", Optional.of(Duration.ofMinutes(5)));
        store.delete("/ttl/long");
        List<WatchEvent> got = DatastoreContract.await(() -> seen.size() >= 4 ? Optional.of(List.copyOf(seen))
                : Optional.<List<WatchEvent>>empty(), "the short lease to expire: " + seen);
        var explicit = assertInstanceOf(WatchEvent.Delete.class, got.get(2));
        assertEquals("/ttl/long", explicit.key());
        assertFalse(explicit.expired());
        var expired = assertInstanceOf(WatchEvent.Delete.class, got.get(3));
        assertEquals("/ttl/short", expired.key());
        assertEquals("s", expired.previous().value());
        assertTrue(expired.expired());
        assertTrue(store.get("/ttl/short").isEmpty());
    }

    @Test
    void renewingALeasedKeyMovesItToANewLeaseAndRevokesTheOldOne() throws Exception {
        store.put("/renew/k", "1", Optional.of(Duration.ofMinutes(10)));
        int leasesBefore = leaseCount();
        store.put("/renew/k", "2", Optional.of(Duration.ofMinutes(10)));
        store.put("/renew/k", "3", Optional.of(Duration.ofMinutes(10)));
        DatastoreContract.await(() -> leaseCount() == leasesBefore ? Optional.of(true) : Optional.empty(),
                "replaced leases revoked (" + leaseCount() + " leases, expected " + leasesBefore + ")");
        assertEquals("3", store.get("/renew/k").orElseThrow().value());
    }

    @Test
    void compactionIsReportedAsCompactedAndTheWatchContinues() {
        long start = store.revision();
        for (int i = 0; i < 5; i++) {
            store.put("/compact/k" + i, "v" + i, Optional.empty());
        }
        long compactedAt = store.revision();
        store.compact(compactedAt);
        List<WatchEvent> seen = new CopyOnWriteArrayList<>();
        store.watch("/compact/", start, seen::add);
        long next = store.put("/compact/after", "x", Optional.empty());
        List<WatchEvent> got = DatastoreContract.await(seen, 2);
        assertEquals(new WatchEvent.Compacted(compactedAt), got.get(0));
        assertEquals(next, got.get(1).revision());
        // What the listener then does: re-list and carry on.
        assertEquals(6, store.list("/compact/").size());
        // A watch from the compaction revision itself is still served.
        List<WatchEvent> fromCompacted = new CopyOnWriteArrayList<>();
        store.watch("/compact/", compactedAt, fromCompacted::add);
        assertEquals(List.of(next), DatastoreContract.await(fromCompacted, 1).stream().map(WatchEvent::revision).toList());
    }

    @Test
    void etcdctlSeesFlannelJsonUnderFlannelKeys() {
        String lease = "{\"PublicIP\":\"192.168.31.202\",\"BackendType\":\"host-gw\",\"BackendData\":null}";
        store.put("/coreos.com/network/config", "{\"Network\":\"10.244.0.0/16\",\"Backend\":{\"Type\":\"host-gw\"}}",
                Optional.empty());
        store.put("/coreos.com/network/subnets/10.244.1.0-24", lease, Optional.of(Duration.ofHours(24)));
        var out = new ProcessExecutor().run(Command.of(Netns.HOST, "etcdctl", "--endpoints=" + etcd.endpoints(),
                "get", "--prefix", "/coreos.com/network/")).orThrow();
        assertEquals(List.of("/coreos.com/network/config",
                "{\"Network\":\"10.244.0.0/16\",\"Backend\":{\"Type\":\"host-gw\"}}",
                "/coreos.com/network/subnets/10.244.1.0-24", lease), out.stdout().lines().toList());
        var ttl = new ProcessExecutor().run(Command.of(Netns.HOST, "etcdctl", "--endpoints=" + etcd.endpoints(),
                "get", "/coreos.com/network/subnets/10.244.1.0-24", "-w", "json")).orThrow();
        assertTrue(ttl.stdout().contains("\"lease\":"), "the lease key is attached to an etcd lease: " + ttl.stdout());
    }

    @Test
    void prefixCheckFindsTheConfigOrNamesThePrefixesThatHaveOne() {
        store.put("/coreos.com/network/config", "{\"Network\":\"10.244.0.0/16\"}", Optional.empty());
        KeyValue config = EtcdPrefixCheck.requireNetworkConfig(store, "/coreos.com/network/");
        assertEquals("/coreos.com/network/config", config.key());
        var e = assertThrows(IllegalArgumentException.class,
                () -> EtcdPrefixCheck.requireNetworkConfig(store, "/wrong/network"));
        assertEquals("etcd prefix: /wrong/network has no network config (no key /wrong/network/config in etcd at "
                + etcd.endpoints() + "); configs exist under /coreos.com/network; pass --etcd-prefix /coreos.com/network",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EtcdPrefixCheck.requireNetworkConfig(store, "coreos.com"));
    }

    @Test
    void unreachableEndpointFailsFastNamingItAndTheFix() throws Exception {
        URI nobody = URI.create("http://127.0.0.1:" + TestEtcd.freePort());
        long t0 = System.nanoTime();
        var e = assertThrows(DatastoreUnavailableException.class,
                () -> EtcdDatastore.connect(EtcdEndpoints.of(nobody), Duration.ofSeconds(2)));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertEquals("cannot reach etcd at " + nobody + ": connection refused; is etcd running? start it or pass "
                + "--etcd-endpoints", e.getMessage());
        assertTrue(took.compareTo(Duration.ofSeconds(4)) < 0, "took " + took);
    }

    @Test
    void aPortThatIsNotEtcdIsReportedAsSuch() throws Exception {
        try (var silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            URI notEtcd = URI.create("http://127.0.0.1:" + silent.getLocalPort());
            var e = assertThrows(DatastoreUnavailableException.class,
                    () -> EtcdDatastore.connect(EtcdEndpoints.of(notEtcd), Duration.ofMillis(500)));
            assertEquals("cannot reach etcd at " + notEtcd + ": the port accepts connections but no etcd answered "
                    + "within 1500 ms; is etcd running? start it or pass --etcd-endpoints", e.getMessage());
        }
    }

    private int leaseCount() {
        var out = new ProcessExecutor().run(Command.of(Netns.HOST, "etcdctl", "--endpoints=" + etcd.endpoints(),
                "lease", "list")).orThrow();
        return (int) out.stdout().lines().filter(l -> !l.startsWith("found")).count();
    }
}
