package dev.podwire.datastore;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The embedded {@link Datastore}: a sorted map plus a bounded event history, guarded by one lock.
 *
 * <p><b>Threads.</b> All methods are thread-safe. Listeners run on the thread of the write that caused the event
 * (or of {@link #watch} for replayed history), after the lock is released, in revision order and one at a time:
 * if a listener writes to the store, that event is delivered after the listener returns, by the same thread.
 * A write made while another thread is delivering is handed to that thread, so a writer may return before its
 * own event reached the listeners. Listeners should be quick (set a flag, wake a worker).
 *
 * <p><b>TTL.</b> Keys with a TTL stay readable until {@link #expireDue()} collects them; the daemon calls it on a
 * timer, tests call it after advancing a fake clock. Each expired key is deleted at its own revision.
 *
 * <p><b>History.</b> The last {@code historyLimit} events are kept for watch replay; {@link #compact(long)} drops
 * older ones explicitly. A restored store has no history.
 */
public final class InMemoryDatastore implements Datastore {
    /** Events kept for watch replay when no limit is given. */
    public static final int DEFAULT_HISTORY_LIMIT = 10_000;

    private final InstantSource clock;
    private final int historyLimit;
    private final Object lock = new Object();
    private final TreeMap<String, KeyValue> data = new TreeMap<>();
    private final Deque<WatchEvent> history = new ArrayDeque<>();
    private final EventDispatcher dispatcher = new EventDispatcher();
    private long revision;
    private long compactRevision;

    /** An empty store keeping {@link #DEFAULT_HISTORY_LIMIT} events of history. */
    public InMemoryDatastore(InstantSource clock) {
        this(clock, DEFAULT_HISTORY_LIMIT);
    }

    /** An empty store keeping the last {@code historyLimit} events (at least 1) for watch replay. */
    public InMemoryDatastore(InstantSource clock, int historyLimit) {
        this.clock = requireNonNull(clock, "clock");
        if (historyLimit < 1) {
            throw new IllegalArgumentException("historyLimit: " + historyLimit + " (expected: >= 1)");
        }
        this.historyLimit = historyLimit;
    }

    /** {@return a store holding the keys and revision of a snapshot written by {@link #snapshotTo(Path)}} */
    public static InMemoryDatastore restore(Path snapshot, InstantSource clock) {
        SnapshotFile.Contents contents = SnapshotFile.read(snapshot);
        InMemoryDatastore store = new InMemoryDatastore(clock);
        for (KeyValue kv : contents.keys()) {
            if (kv.modRevision() > contents.revision()) {
                throw new IllegalArgumentException("snapshot " + snapshot + ": key " + kv.key() + " modRevision: "
                        + kv.modRevision() + " (expected: <= revision " + contents.revision() + ")");
            }
            store.data.put(kv.key(), kv);
        }
        store.revision = contents.revision();
        // The history did not survive, so any watch from an older revision must re-list.
        store.compactRevision = contents.revision();
        return store;
    }

    @Override
    public long put(String key, String value, Optional<Duration> ttl) {
        Datastore.requireValidPut(key, value, ttl);
        long written;
        synchronized (lock) {
            written = write(key, value, ttl);
        }
        dispatcher.drain();
        return written;
    }

    @Override
    public Optional<KeyValue> get(String key) {
        Keys.requireValid(key);
        synchronized (lock) {
            return Optional.ofNullable(data.get(key));
        }
    }

    @Override
    public List<KeyValue> list(String prefix) {
        requireNonNull(prefix, "prefix");
        synchronized (lock) {
            return List.copyOf(data.subMap(prefix, true, prefix + Character.MAX_VALUE, false).values());
        }
    }

    @Override
    public boolean delete(String key) {
        Keys.requireValid(key);
        boolean existed;
        synchronized (lock) {
            existed = remove(key, false);
        }
        dispatcher.drain();
        return existed;
    }

    @Override
    public CasResult compareAndPut(String key, long expectedModRevision, String value, Optional<Duration> ttl) {
        Datastore.requireValidCompareAndPut(key, expectedModRevision, value, ttl);
        CasResult result;
        synchronized (lock) {
            Optional<KeyValue> current = Optional.ofNullable(data.get(key));
            long actual = current.map(KeyValue::modRevision).orElse(0L);
            result = actual == expectedModRevision
                    ? new CasResult.Written(write(key, value, ttl))
                    : new CasResult.Conflict(expectedModRevision, current);
        }
        dispatcher.drain();
        return result;
    }

    @Override
    public Watch watch(String prefix, long fromRevision, Consumer<WatchEvent> listener) {
        requireNonNull(prefix, "prefix");
        requireNonNull(listener, "listener");
        if (fromRevision < 0) {
            throw new IllegalArgumentException("fromRevision: " + fromRevision + " (expected: >= 0)");
        }
        Watch watch;
        synchronized (lock) {
            List<WatchEvent> replay = new ArrayList<>();
            if (fromRevision < compactRevision) {
                replay.add(new WatchEvent.Compacted(compactRevision));
            }
            for (WatchEvent event : history) {
                if (event.revision() > fromRevision) {
                    replay.add(event);
                }
            }
            watch = dispatcher.register(prefix, listener, replay);
        }
        dispatcher.drain();
        return watch;
    }

    @Override
    public long revision() {
        synchronized (lock) {
            return revision;
        }
    }

    /** Deletes every key whose TTL has run out by the clock's now; {@return how many were deleted} */
    public int expireDue() {
        Instant now = clock.instant();
        int expired = 0;
        synchronized (lock) {
            List<String> due = data.values().stream()
                    .filter(kv -> kv.expires().map(at -> !at.isAfter(now)).orElse(false))
                    .map(KeyValue::key)
                    .toList();
            for (String key : due) {
                remove(key, true);
                expired++;
            }
        }
        dispatcher.drain();
        return expired;
    }

    /** Drops history up to and including {@code upTo}; watches from older revisions then see a compaction. */
    public void compact(long upTo) {
        synchronized (lock) {
            if (upTo > revision) {
                throw new IllegalArgumentException("upTo: " + upTo + " (expected: <= current revision " + revision + ")");
            }
            while (!history.isEmpty() && history.peekFirst().revision() <= upTo) {
                history.removeFirst();
            }
            compactRevision = Math.max(compactRevision, upTo);
        }
    }

    /** {@return the highest compacted revision: watches from below it start with a compaction event} */
    public long compactRevision() {
        synchronized (lock) {
            return compactRevision;
        }
    }

    /** Writes every key and the revision to {@code target} atomically (temporary file, then rename). */
    public void snapshotTo(Path target) {
        requireNonNull(target, "target");
        long atRevision;
        List<KeyValue> keys;
        synchronized (lock) {
            atRevision = revision;
            keys = List.copyOf(data.values());
        }
        SnapshotFile.write(target, atRevision, keys);
    }

    private long write(String key, String value, Optional<Duration> ttl) {
        long next = revision + 1;
        long created = Optional.ofNullable(data.get(key)).map(KeyValue::createRevision).orElse(next);
        KeyValue kv = new KeyValue(key, value, created, next, ttl.map(clock.instant()::plus));
        data.put(key, kv);
        revision = next;
        record(new WatchEvent.Put(kv));
        return next;
    }

    private boolean remove(String key, boolean expired) {
        KeyValue previous = data.remove(key);
        if (previous == null) {
            return false;
        }
        revision++;
        record(new WatchEvent.Delete(previous, revision, expired));
        return true;
    }

    private void record(WatchEvent event) {
        history.addLast(event);
        while (history.size() > historyLimit) {
            compactRevision = history.removeFirst().revision();
        }
        dispatcher.enqueue(event);
    }
}
