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

/** The shared {@link DatastoreContract} plus what only the embedded store does: fake-clock TTLs, history limits,
 * snapshots and delivery on the writer's thread. */
class InMemoryDatastoreTest extends DatastoreContract {
    private final FakeClock clock = FakeClock.standard();
    private final InMemoryDatastore store = new InMemoryDatastore(clock);

    @Override
    protected Datastore store() {
        return store;
    }

    @Override
    protected java.time.InstantSource clock() {
        return clock;
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
    void rejectsCompactingPastTheCurrentRevision() {
        assertThrows(IllegalArgumentException.class, () -> store.compact(1));
    }

}
