package dev.podwire.datastore.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.podwire.datastore.DatastoreContract;
import dev.podwire.datastore.DatastoreUnavailableException;
import dev.podwire.datastore.WatchEvent;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The fault scenario at full length: etcd stopped for 30 s while a client keeps polling like the agent loop,
 * then back on its data dir. gRPC backs off reconnecting for longer and longer while etcd is away; this proves the
 * client is back within seconds anyway and the watch catches up on what another client wrote meanwhile.
 */
@Tag("netns")
class EtcdLongOutageTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @Test
    void etcdDownFor30SecondsThenBackClientAndWatchCatchUpWithinSeconds() throws Exception {
        assumeTrue(TestEtcd.installed(), "etcd is not installed (apt-get install etcd-server etcd-client)");
        try (TestEtcd etcd = TestEtcd.start("longoutage");
                EtcdDatastore store = EtcdDatastore.connect(etcd.endpoints(), TIMEOUT)) {
            long from = store.revision();
            List<WatchEvent> seen = new CopyOnWriteArrayList<>();
            store.watch("/long/", from, seen::add);
            store.put("/long/before", "1", Optional.empty());
            DatastoreContract.await(seen, 1);

            etcd.process.stop();
            long down = System.nanoTime();
            while (System.nanoTime() - down < Duration.ofSeconds(30).toNanos()) {
                long t0 = System.nanoTime();
                assertThrows(DatastoreUnavailableException.class, () -> store.get("/long/before"));
                Duration took = Duration.ofNanos(System.nanoTime() - t0);
                assertTrue(took.compareTo(TIMEOUT.plusSeconds(1)) < 0, "a call during the outage took " + took);
                Thread.sleep(1000);
            }
            etcd.process.restart();
            long back = System.nanoTime();
            try (EtcdDatastore other = EtcdDatastore.connect(etcd.endpoints(), TIMEOUT)) {
                other.put("/long/meanwhile", "2", Optional.empty());
            }
            String value = DatastoreContract.await(() -> {
                try {
                    return store.get("/long/meanwhile").map(kv -> kv.value());
                } catch (DatastoreUnavailableException e) {
                    return Optional.empty();
                }
            }, "the store answering again");
            assertEquals("2", value);
            List<WatchEvent> got = DatastoreContract.await(seen, 2);
            Duration caughtUp = Duration.ofNanos(System.nanoTime() - back);
            assertEquals(List.of(from + 1, from + 2), got.stream().map(WatchEvent::revision).toList());
            assertTrue(caughtUp.compareTo(Duration.ofSeconds(10)) < 0, "caught up after " + caughtUp);
        }
    }
}
