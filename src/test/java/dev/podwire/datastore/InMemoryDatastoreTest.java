package dev.podwire.datastore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InMemoryDatastoreTest {
    private final FakeClock clock = FakeClock.standard();
    private final InMemoryDatastore store = new InMemoryDatastore(clock);

    @Test
    void everyWriteBumpsTheGlobalRevisionAndKeepsCreateRevision() {
        assertEquals(0, store.revision());
        assertEquals(1, store.put("/a", "1", Optional.empty()));
        assertEquals(2, store.put("/b", "2", Optional.empty()));
        assertEquals(3, store.put("/a", "3", Optional.empty()));
        KeyValue a = store.get("/a").orElseThrow();
        assertEquals(new KeyValue("/a", "3", 1, 3, Optional.empty()), a);
        assertTrue(store.delete("/a"));
        assertFalse(store.delete("/a"));
        assertEquals(4, store.revision());
        assertEquals(Optional.empty(), store.get("/a"));
        store.put("/a", "again", Optional.empty());
        assertEquals(5, store.get("/a").orElseThrow().createRevision());
    }

    @Test
    void listReturnsOnlyThePrefixSortedByKey() {
        store.put("/registry/pods/default/b", "b", Optional.empty());
        store.put("/registry/pods/default/a", "a", Optional.empty());
        store.put("/registry/pods/kube-system/c", "c", Optional.empty());
        store.put("/registry/podsX/x", "x", Optional.empty());
        assertEquals(List.of("/registry/pods/default/a", "/registry/pods/default/b", "/registry/pods/kube-system/c"),
                store.list("/registry/pods/").stream().map(KeyValue::key).toList());
        assertEquals(4, store.list("/").size());
    }

    @Test
    void compareAndPutCreatesOnlyIfAbsentAndReportsConflictsAsValues() {
        assertEquals(new CasResult.Written(1), store.compareAndPut("/k", 0, "v1", Optional.empty()));
        var conflict = assertInstanceOf(CasResult.Conflict.class, store.compareAndPut("/k", 0, "v2", Optional.empty()));
        assertEquals("v1", conflict.current().orElseThrow().value());
        assertEquals(new CasResult.Written(2), store.compareAndPut("/k", 1, "v2", Optional.empty()));
        assertInstanceOf(CasResult.Conflict.class, store.compareAndPut("/k", 1, "v3", Optional.empty()));
        var absent = assertInstanceOf(CasResult.Conflict.class, store.compareAndPut("/gone", 7, "x", Optional.empty()));
        assertEquals(Optional.empty(), absent.current());
        assertEquals("v2", store.get("/k").orElseThrow().value());
    }

    @Test
    void watchReplaysHistoryAfterFromRevisionThenDeliversLiveEvents() {
        store.put("/registry/pods/default/a", "1", Optional.empty());
        store.put("/other", "x", Optional.empty());
        store.put("/registry/pods/default/b", "2", Optional.empty());
        List<WatchEvent> seen = new ArrayList<>();
        store.watch("/registry/pods/", 1, seen::add);
        store.delete("/registry/pods/default/a");
        store.put("/other", "y", Optional.empty());
        assertEquals(List.of(3L, 4L), seen.stream().map(WatchEvent::revision).toList());
        var delete = assertInstanceOf(WatchEvent.Delete.class, seen.get(1));
        assertEquals("/registry/pods/default/a", delete.key());
        assertFalse(delete.expired());
    }

    @Test
    void closedWatchReceivesNothingMore() {
        List<WatchEvent> seen = new ArrayList<>();
        Watch watch = store.watch("/", store.revision(), seen::add);
        store.put("/a", "1", Optional.empty());
        watch.close();
        store.put("/a", "2", Optional.empty());
        assertEquals(1, seen.size());
    }

    @Test
    void ttlKeysExpireOnlyWhenDueAndEmitExpiredDeletes() {
        store.put("/coreos.com/network/subnets/10.244.1.0-24", "{}", Optional.of(Duration.ofHours(24)));
        store.put("/keep", "x", Optional.empty());
        assertEquals(Optional.of(Instant.parse("2024-05-02T10:00:00Z")),
                store.get("/coreos.com/network/subnets/10.244.1.0-24").orElseThrow().expires());
        List<WatchEvent> seen = new ArrayList<>();
        store.watch("/", store.revision(), seen::add);
        clock.advance(Duration.ofHours(23));
        assertEquals(0, store.expireDue());
        clock.advance(Duration.ofHours(1));
        assertEquals(1, store.expireDue());
        assertTrue(store.get("/coreos.com/network/subnets/10.244.1.0-24").isEmpty());
        assertTrue(store.get("/keep").isPresent());
        var delete = assertInstanceOf(WatchEvent.Delete.class, seen.getFirst());
        assertTrue(delete.expired());
        assertEquals(3, delete.revision());
    }

    @Test
    void putWithoutTtlClearsAnEarlierTtl() {
        store.put("/lease", "a", Optional.of(Duration.ofSeconds(5)));
        store.put("/lease", "b", Optional.empty());
        clock.advance(Duration.ofMinutes(1));
        assertEquals(0, store.expireDue());
    }

    @Test
    void watchFromCompactedRevisionStartsWithCompactedEvent() {
        InMemoryDatastore small = new InMemoryDatastore(clock, 2);
        for (int i = 0; i < 5; i++) {
            small.put("/k" + i, "v", Optional.empty());
        }
        assertEquals(3, small.compactRevision());
        List<WatchEvent> seen = new ArrayList<>();
        small.watch("/", 1, seen::add);
        assertEquals(new WatchEvent.Compacted(3), seen.getFirst());
        assertEquals(List.of(4L, 5L), seen.subList(1, 3).stream().map(WatchEvent::revision).toList());

        List<WatchEvent> fromThree = new ArrayList<>();
        small.watch("/", 3, fromThree::add);
        assertEquals(List.of(4L, 5L), fromThree.stream().map(WatchEvent::revision).toList());
        small.compact(5);
        List<WatchEvent> afterCompact = new ArrayList<>();
        small.watch("/", 4, afterCompact::add);
        assertEquals(List.of(new WatchEvent.Compacted(5)), afterCompact);
    }

    @Test
    void listenerWritingToTheStoreSeesItsEventAfterReturningInRevisionOrder() {
        List<Long> order = new ArrayList<>();
        store.watch("/", 0, event -> {
            order.add(event.revision());
            if (event instanceof WatchEvent.Put put && put.kv().key().equals("/trigger")) {
                store.put("/reaction", "r", Optional.empty());
                order.add(-1L); // marks the listener's return
            }
        });
        store.put("/trigger", "t", Optional.empty());
        assertEquals(List.of(1L, -1L, 2L), order);
    }

    @Test
    void snapshotRoundTripKeepsKeysRevisionsAndTtlAndForcesRelist(@TempDir Path dir) throws Exception {
        store.put("/registry/minions/node-1", "{\"kind\":\"Node\"}", Optional.empty());
        store.put("/coreos.com/network/subnets/10.244.0.0-24", "{}", Optional.of(Duration.ofHours(24)));
        store.put("/registry/minions/node-1", "{\"kind\":\"Node\",\"v\":2}", Optional.empty());
        store.delete("/nothing");
        Path file = dir.resolve("store.json");
        store.snapshotTo(file);
        store.snapshotTo(file); // overwrite in place
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary files left behind");
        }
        InMemoryDatastore restored = InMemoryDatastore.restore(file, clock);
        assertEquals(store.revision(), restored.revision());
        assertEquals(store.list("/"), restored.list("/"));
        List<WatchEvent> seen = new ArrayList<>();
        restored.watch("/", 1, seen::add);
        assertEquals(List.of(new WatchEvent.Compacted(3)), seen);
        assertEquals(4, restored.put("/x", "y", Optional.empty()));
    }

    @Test
    void rejectsInvalidArguments() {
        assertThrows(IllegalArgumentException.class, () -> store.put("relative", "v", Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> store.put("/k", "v", Optional.of(Duration.ZERO)));
        assertThrows(IllegalArgumentException.class, () -> store.compareAndPut("/k", -1, "v", Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> store.compact(1));
    }

    @Test
    void concurrentWritersProduceGaplessRevisionsDeliveredInOrder() throws Exception {
        List<Long> seen = new CopyOnWriteArrayList<>();
        store.watch("/", 0, event -> seen.add(event.revision()));
        int threads = 8;
        int perThread = 500;
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            workers.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < perThread; i++) {
                    String key = "/t" + id + "/" + (i % 10);
                    if (i % 7 == 0) {
                        store.delete(key);
                    } else {
                        store.put(key, "v" + i, Optional.empty());
                    }
                    store.list("/t" + id + "/");
                }
            }));
        }
        for (Thread worker : workers) {
            worker.join();
        }
        long last = store.revision();
        assertEquals(last, seen.size());
        for (int i = 0; i < seen.size(); i++) {
            assertEquals(i + 1, seen.get(i));
        }
    }
}
