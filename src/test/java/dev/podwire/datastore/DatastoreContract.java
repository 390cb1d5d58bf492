package dev.podwire.datastore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Datastore} shares, run against each implementation (in memory, etcd). Revisions are
 * compared relative to the store's revision at the start of a test, because etcd's first revision is 1 and a shared
 * etcd has history; listeners may run on another thread, so event lists are awaited.
 */
public abstract class DatastoreContract {

    /** {@return an empty store (no keys); the same instance for the whole test} */
    protected abstract Datastore store();

    /** {@return the clock TTL deadlines are measured with} */
    protected abstract InstantSource clock();

    /** {@return the tolerance on a TTL deadline (etcd counts whole seconds)} */
    protected Duration ttlSlack() {
        return Duration.ZERO;
    }

    /** {@return {@code events} once it holds {@code count} items, failing after 10 s} */
    public static <T> List<T> await(List<T> events, int count) {
        return await(() -> events.size() >= count ? Optional.of(List.copyOf(events)) : Optional.empty(),
                "expected " + count + " events, got " + events);
    }

    /** {@return the first present value {@code poll} gives, failing after 10 s} */
    public static <T> T await(Supplier<Optional<T>> poll, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<T> v = poll.get();
            if (v.isPresent()) {
                return v.get();
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        return fail("timed out: " + what);
    }

    @Test
    void everyWriteBumpsTheGlobalRevisionAndKeepsCreateRevision() {
        Datastore store = store();
        long r = store.revision();
        assertEquals(r + 1, store.put("/a", "1", Optional.empty()));
        assertEquals(r + 2, store.put("/b", "2", Optional.empty()));
        assertEquals(r + 3, store.put("/a", "3", Optional.empty()));
        assertEquals(new KeyValue("/a", "3", r + 1, r + 3, Optional.empty()), store.get("/a").orElseThrow());
        assertTrue(store.delete("/a"));
        assertFalse(store.delete("/a"));
        assertEquals(r + 4, store.revision());
        assertEquals(Optional.empty(), store.get("/a"));
        store.put("/a", "again", Optional.empty());
        assertEquals(r + 5, store.get("/a").orElseThrow().createRevision());
    }

    @Test
    void listReturnsOnlyThePrefixSortedByKey() {
        Datastore store = store();
        store.put("/registry/pods/default/b", "b", Optional.empty());
        store.put("/registry/pods/default/a", "a", Optional.empty());
        store.put("/registry/pods/kube-system/c", "c", Optional.empty());
        store.put("/registry/podsX/x", "x", Optional.empty());
        assertEquals(List.of("/registry/pods/default/a", "/registry/pods/default/b", "/registry/pods/kube-system/c"),
                store.list("/registry/pods/").stream().map(KeyValue::key).toList());
        assertEquals(4, store.list("/").size());
        assertEquals(List.of(), store.list("/nothing/"));
    }

    @Test
    void valuesRoundTripUtf8AndJsonUnchanged() {
        Datastore store = store();
        String json = "{\"PublicIP\":\"192.168.31.202\",\"BackendType\":\"vxlan\",\"note\":\"naïve ✓ 🚀\"}";
        store.put("/coreos.com/network/subnets/10.244.1.0-24", json, Optional.empty());
        assertEquals(json, store.get("/coreos.com/network/subnets/10.244.1.0-24").orElseThrow().value());
    }

    @Test
    void compareAndPutCreatesOnlyIfAbsentAndReportsConflictsAsValues() {
        Datastore store = store();
        long r = store.revision();
        assertEquals(new CasResult.Written(r + 1), store.compareAndPut("/k", 0, "v1", Optional.empty()));
        var conflict = assertInstanceOf(CasResult.Conflict.class, store.compareAndPut("/k", 0, "v2", Optional.empty()));
        assertEquals("v1", conflict.current().orElseThrow().value());
        assertEquals(0, conflict.expectedModRevision());
        assertEquals(new CasResult.Written(r + 2), store.compareAndPut("/k", r + 1, "v2", Optional.empty()));
        assertInstanceOf(CasResult.Conflict.class, store.compareAndPut("/k", r + 1, "v3", Optional.empty()));
        var absent = assertInstanceOf(CasResult.Conflict.class,
                store.compareAndPut("/gone", r + 1, "x", Optional.empty()));
        assertEquals(Optional.empty(), absent.current());
        assertEquals("v2", store.get("/k").orElseThrow().value());
        assertEquals(r + 2, store.revision(), "a refused compare-and-put writes nothing");
    }

    @Test
    void compareAndPutWithTtlSetsAnExpiry() {
        Datastore store = store();
        Instant before = clock().instant();
        store.compareAndPut("/lease", 0, "x", Optional.of(Duration.ofSeconds(60)));
        Instant expires = store.get("/lease").orElseThrow().expires().orElseThrow();
        assertNear(before.plusSeconds(60), expires);
    }

    @Test
    void putWithTtlReportsWhenItExpiresAndPutWithoutTtlClearsIt() {
        Datastore store = store();
        Instant before = clock().instant();
        store.put("/coreos.com/network/subnets/10.244.1.0-24", "{}", Optional.of(Duration.ofHours(24)));
        assertNear(before.plus(Duration.ofHours(24)),
                store.get("/coreos.com/network/subnets/10.244.1.0-24").orElseThrow().expires().orElseThrow());
        assertNear(before.plus(Duration.ofHours(24)), store.list("/coreos.com/network/subnets/").getFirst().expires()
                .orElseThrow());
        store.put("/coreos.com/network/subnets/10.244.1.0-24", "{}", Optional.empty());
        assertEquals(Optional.empty(), store.get("/coreos.com/network/subnets/10.244.1.0-24").orElseThrow().expires());
    }

    @Test
    void watchReplaysHistoryAfterFromRevisionThenDeliversLiveEvents() {
        Datastore store = store();
        long r = store.revision();
        store.put("/registry/pods/default/a", "1", Optional.empty());
        store.put("/other", "x", Optional.empty());
        store.put("/registry/pods/default/b", "2", Optional.empty());
        List<WatchEvent> seen = new CopyOnWriteArrayList<>();
        store.watch("/registry/pods/", r + 1, seen::add);
        store.delete("/registry/pods/default/a");
        store.put("/other", "y", Optional.empty());
        store.put("/registry/pods/default/c", "3", Optional.empty());
        List<WatchEvent> got = await(seen, 3);
        assertEquals(List.of(r + 3, r + 4, r + 6), got.stream().map(WatchEvent::revision).toList());
        var delete = assertInstanceOf(WatchEvent.Delete.class, got.get(1));
        assertEquals("/registry/pods/default/a", delete.key());
        assertEquals("1", delete.previous().value(), "a delete carries the key's last value");
        assertEquals(r + 1, delete.previous().modRevision());
        assertFalse(delete.expired());
    }

    @Test
    void watchFromTheCurrentRevisionSeesOnlyFutureChanges() {
        Datastore store = store();
        store.put("/w/old", "1", Optional.empty());
        List<WatchEvent> seen = new CopyOnWriteArrayList<>();
        store.watch("/w/", store.revision(), seen::add);
        long written = store.put("/w/new", "2", Optional.empty());
        var put = assertInstanceOf(WatchEvent.Put.class, await(seen, 1).getFirst());
        assertEquals(new KeyValue("/w/new", "2", written, written, Optional.empty()), put.kv());
    }

    @Test
    void closedWatchReceivesNothingMore() throws Exception {
        Datastore store = store();
        List<WatchEvent> seen = new CopyOnWriteArrayList<>();
        Watch watch = store.watch("/", store.revision(), seen::add);
        store.put("/a", "1", Optional.empty());
        await(seen, 1);
        watch.close();
        watch.close();
        store.put("/a", "2", Optional.empty());
        List<WatchEvent> other = new CopyOnWriteArrayList<>();
        store.watch("/", store.revision() - 1, other::add);
        await(other, 1); // the second put has reached watchers by now
        assertEquals(1, seen.size());
    }

    @Test
    void listenerMayWriteToTheStoreAndEventsStayInRevisionOrder() {
        Datastore store = store();
        List<Long> order = new CopyOnWriteArrayList<>();
        long r = store.revision();
        store.watch("/", r, event -> {
            order.add(event.revision());
            if (event instanceof WatchEvent.Put put && put.kv().key().equals("/trigger")) {
                store.put("/reaction", "r", Optional.empty());
            }
        });
        store.put("/trigger", "t", Optional.empty());
        assertEquals(List.of(r + 1, r + 2), await(order, 2));
        assertEquals("r", store.get("/reaction").orElseThrow().value());
    }

    @Test
    void rejectsInvalidArguments() {
        Datastore store = store();
        assertThrows(IllegalArgumentException.class, () -> store.put("relative", "v", Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> store.put("/k", "v", Optional.of(Duration.ZERO)));
        assertThrows(IllegalArgumentException.class, () -> store.put("/k", "v", Optional.of(Duration.ofSeconds(-1))));
        assertThrows(IllegalArgumentException.class, () -> store.compareAndPut("/k", -1, "v", Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> store.watch("/", -1, e -> {}));
        assertThrows(IllegalArgumentException.class, () -> store.get(""));
    }

    @Test
    void concurrentWritersProduceGaplessRevisionsDeliveredInOrder() throws Exception {
        Datastore store = store();
        long r = store.revision();
        List<Long> seen = new CopyOnWriteArrayList<>();
        store.watch("/", r, event -> seen.add(event.revision()));
        int threads = 8;
        int perThread = 100;
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
        List<Long> got = await(seen, (int) (last - r));
        for (int i = 0; i < got.size(); i++) {
            assertEquals(r + i + 1, got.get(i));
        }
    }

    private void assertNear(Instant expected, Instant actual) {
        Duration off = Duration.between(expected, actual).abs();
        assertTrue(off.compareTo(ttlSlack()) <= 0, "expires " + actual + " (expected: " + expected + " ± " + ttlSlack() + ")");
    }
}
