package dev.podwire.datastore.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.podwire.datastore.DatastoreContract;
import dev.podwire.datastore.DatastoreUnavailableException;
import dev.podwire.datastore.WatchEvent;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Watches and calls across etcd going away: a stopped etcd restarted on its data dir, and a cut connection. */
@Tag("netns")
class EtcdOutageTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static TestEtcd etcd;

    @BeforeAll
    static void startEtcd() {
        assumeTrue(TestEtcd.installed(), "etcd is not installed (apt-get install etcd-server etcd-client)");
        etcd = TestEtcd.start("outage");
    }

    @AfterAll
    static void stopEtcd() {
        if (etcd != null) {
            etcd.close();
        }
    }

    @Test
    void watchResumesAfterEtcdRestartsOnItsDataDirWithoutLossOrDuplicates() throws Exception {
        try (EtcdDatastore store = EtcdDatastore.connect(etcd.endpoints(), TIMEOUT)) {
            long from = store.revision();
            List<WatchEvent> seen = new CopyOnWriteArrayList<>();
            store.watch("/restart/", from, seen::add);
            for (int i = 0; i < 3; i++) {
                store.put("/restart/before-" + i, "v", Optional.empty());
            }
            DatastoreContract.await(seen, 3);

            etcd.process.stop();
            for (String call : List.of("put", "get", "list", "cas")) {
                long t0 = System.nanoTime();
                var e = assertThrows(DatastoreUnavailableException.class, () -> {
                    Object unused = switch (call) {
                        case "put" -> store.put("/restart/during", "x", Optional.empty());
                        case "get" -> store.get("/restart/before-0");
                        case "list" -> store.list("/restart/");
                        default -> store.compareAndPut("/restart/during", 0, "x", Optional.empty());
                    };
                });
                Duration took = Duration.ofNanos(System.nanoTime() - t0);
                assertTrue(took.compareTo(TIMEOUT.plusSeconds(1)) < 0, call + " took " + took);
                assertTrue(e.getMessage().startsWith("etcd at " + etcd.endpoints()), e.getMessage());
                assertTrue(e.getMessage().endsWith(": connection refused"), e.getMessage());
            }
            Thread.sleep(1000);
            etcd.process.restart();

            // The data survived, and the watch catches up on writes made by another client right after the restart.
            try (EtcdDatastore other = EtcdDatastore.connect(etcd.endpoints(), TIMEOUT)) {
                assertEquals(3, other.list("/restart/").size());
                for (int i = 0; i < 5; i++) {
                    other.put("/restart/after-" + i, "v", Optional.empty());
                }
            }
            long last = retrying(() -> store.put("/restart/last", "v", Optional.empty()));
            List<WatchEvent> got = DatastoreContract.await(() -> seen.stream().anyMatch(e -> e.revision() == last)
                    ? Optional.of(List.copyOf(seen)) : Optional.<List<WatchEvent>>empty(), "event " + last + ": " + seen);
            assertGapless(from, got, 9);
        }
    }

    @Test
    void watchCutOffCatchesUpOnChangesMadeMeanwhileOrReportsTheirCompaction() throws Exception {
        try (TcpRelay relay = new TcpRelay(etcd.endpoints().uris().getFirst().getPort());
                EtcdDatastore direct = EtcdDatastore.connect(etcd.endpoints(), TIMEOUT);
                EtcdDatastore agent = EtcdDatastore.connect(
                        EtcdEndpoints.of(URI.create("http://127.0.0.1:" + relay.port())), TIMEOUT)) {
            long from = agent.revision();
            List<WatchEvent> seen = new CopyOnWriteArrayList<>();
            agent.watch("/cut/", from, seen::add);
            direct.put("/cut/a", "1", Optional.empty());
            DatastoreContract.await(seen, 1);

            relay.cut();
            for (int i = 0; i < 4; i++) {
                direct.put("/cut/meanwhile-" + i, "v", Optional.empty());
            }
            direct.delete("/cut/a");
            assertThrows(DatastoreUnavailableException.class, () -> agent.get("/cut/a"));
            relay.restore();
            List<WatchEvent> got = DatastoreContract.await(seen, 6);
            assertGapless(from, got, 6);
            var delete = assertInstanceOf(WatchEvent.Delete.class, got.getLast());
            assertEquals("1", delete.previous().value());

            // Cut again; this time the history the watch needs is compacted before it comes back.
            relay.cut();
            for (int i = 0; i < 3; i++) {
                direct.put("/cut/lost-" + i, "v", Optional.empty());
            }
            long compacted = direct.revision();
            direct.compact(compacted);
            relay.restore();
            long next = direct.put("/cut/next", "v", Optional.empty());
            List<WatchEvent> after = DatastoreContract.await(seen, 8);
            assertEquals(new WatchEvent.Compacted(compacted), after.get(6));
            assertEquals(next, after.get(7).revision());
            assertEquals(8, agent.list("/cut/").size(), "the re-list the listener then makes");
        }
    }

    /** Asserts {@code events} are exactly revisions from+1 .. from+count, each once, in order. */
    private static void assertGapless(long from, List<WatchEvent> events, int count) {
        List<Long> expected = new ArrayList<>();
        for (long r = from + 1; r <= from + count; r++) {
            expected.add(r);
        }
        assertEquals(expected, events.stream().map(WatchEvent::revision).toList());
    }

    private static long retrying(java.util.function.LongSupplier call) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                return call.getAsLong();
            } catch (DatastoreUnavailableException e) {
                if (attempt > 20) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }
}
