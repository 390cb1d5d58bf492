package dev.podwire.datastore.etcd;

import dev.podwire.datastore.DatastoreUnavailableException;
import dev.podwire.datastore.KeyValue;
import dev.podwire.datastore.Watch;
import dev.podwire.datastore.WatchEvent;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchResponse;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One {@link Watch} over an etcd prefix that survives disconnections without losing or repeating an event.
 *
 * <p>jetcd re-creates a broken watch stream by itself, but from a revision it updates loosely (on creation it jumps to
 * the header revision, skipping history not yet delivered). So this class owns resumption: it remembers the revision
 * of the last event received, and on any stream error closes jetcd's watcher and opens a new one from the next
 * revision, retrying with backoff while etcd is down. Events at or below the remembered revision are dropped, so a
 * replay that overlaps never duplicates. When etcd answers that the revision was compacted meanwhile, the listener
 * gets {@link WatchEvent.Compacted} and the watch continues after the compaction revision (the listener re-lists).
 *
 * <p>Events are converted and delivered on the watch's own thread, in order, one at a time: never on gRPC's event
 * loop, so a listener may call the store (converting a delete asks etcd whether the key's lease still exists — that
 * is how an expiry is told from an explicit delete, see {@link LeaseTable#gone}).
 */
final class EtcdWatch implements Watch {
    private static final Duration FIRST_RETRY = Duration.ofMillis(200);
    private static final Duration MAX_RETRY = Duration.ofSeconds(2);
    private static final ScheduledExecutorService RETRIES = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("etcd-watch-retry").factory());

    private final EtcdDatastore store;
    private final java.util.function.Supplier<io.etcd.jetcd.Watch> client;
    private final String prefix;
    private final Consumer<WatchEvent> listener;
    private final Consumer<EtcdWatch> onClose;
    private final ExecutorService delivery;
    private final Object lock = new Object();
    private long received;
    private int generation;
    private Optional<io.etcd.jetcd.Watch.Watcher> current = Optional.empty();
    private Duration backoff = FIRST_RETRY;
    private boolean outage;
    private boolean created;
    private volatile boolean closed;

    EtcdWatch(EtcdDatastore store, java.util.function.Supplier<io.etcd.jetcd.Watch> client, String prefix, long fromRevision,
            Consumer<WatchEvent> listener, Consumer<EtcdWatch> onClose) {
        this.store = store;
        this.client = client;
        this.prefix = prefix;
        this.listener = listener;
        this.onClose = onClose;
        this.received = fromRevision;
        this.delivery = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().daemon().name("etcd-watch " + prefix).factory());
    }

    void start() {
        open();
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            closeCurrent();
        }
        delivery.shutdown();
        onClose.accept(this);
    }

    private void open() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            int gen = ++generation;
            WatchOption option = WatchOption.builder().isPrefix(true).withPrevKV(true).withRevision(received + 1)
                    .withCreateNotify(true).build();
            try {
                current = Optional.of(client.get().watch(EtcdDatastore.bytes(prefix), option,
                        io.etcd.jetcd.Watch.listener(r -> onNext(gen, r), e -> onError(gen, e),
                                () -> onError(gen, new IllegalStateException("watch stream ended")))));
            } catch (RuntimeException e) {
                // The watch client refuses new watches only when closed, i.e. the store is closing.
                retryLater(e);
                return;
            }
            created = false;
            // A stream opened while etcd was still starting can hang without an error until gRPC's keep-alive gives
            // up (15 s); if etcd has not confirmed the watch within the request timeout, open it again.
            RETRIES.schedule(() -> ensureCreated(gen), store.calls().timeout().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Re-opens the watch on the store's current client, from the next revision (after a client replacement). */
    void reopen() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closeCurrent();
            open();
        }
    }

    /**
     * Closes jetcd's watcher, if any, so that jetcd does not resume it from a revision we do not trust. Its callbacks,
     * including the "completed" its close itself triggers, are stale from here on: they carry an older generation.
     */
    private void closeCurrent() {
        Optional<io.etcd.jetcd.Watch.Watcher> watcher = current;
        current = Optional.empty();
        generation++;
        watcher.ifPresent(io.etcd.jetcd.Watch.Watcher::close);
    }

    private void ensureCreated(int gen) {
        synchronized (lock) {
            if (closed || gen != generation || created) {
                return;
            }
            closeCurrent();
            retryLater(new java.util.concurrent.TimeoutException("etcd did not confirm the watch within "
                    + store.calls().timeout().toMillis() + " ms"));
        }
    }

    private void onNext(int gen, WatchResponse response) {
        synchronized (lock) {
            if (closed || gen != generation) {
                return;
            }
            if (response.isCreatedNotify()) {
                created = true;
                if (outage) {
                    outage = false;
                    backoff = FIRST_RETRY;
                    EtcdDatastore.log().log(Level.INFO, "etcd watch resumed prefix=" + prefix + " from revision="
                            + (received + 1));
                }
                return;
            }
            long before = received;
            for (io.etcd.jetcd.watch.WatchEvent event : response.getEvents()) {
                long revision = event.getKeyValue().getModRevision();
                if (revision <= before) {
                    continue; // already delivered before a reconnection
                }
                received = Math.max(received, revision);
                delivery.execute(() -> deliver(convertOrResync(event)));
            }
        }
    }

    private void onError(int gen, Throwable error) {
        synchronized (lock) {
            if (closed || gen != generation) {
                return;
            }
            closeCurrent();
            if (compaction(error).isPresent()) {
                long compacted = compaction(error).get().getCompactedRevision();
                EtcdDatastore.log().log(Level.WARNING, "etcd watch history compacted prefix=" + prefix
                        + " wanted=" + (received + 1) + " compacted=" + compacted + "; listener re-lists");
                // etcd keeps revision `compacted` itself readable; everything before it is gone.
                received = Math.max(received, compacted);
                long at = compacted;
                delivery.execute(() -> deliver(new WatchEvent.Compacted(at)));
                RETRIES.execute(this::open);
                return;
            }
            retryLater(error);
        }
    }

    /** Schedules {@link #open()} after the current backoff; call with the lock held and no watcher open. */
    private void retryLater(Throwable error) {
        if (!outage) {
            outage = true;
            EtcdDatastore.log().log(Level.WARNING, "etcd watch lost prefix=" + prefix + " revision=" + received
                    + " error=" + Calls.describe(error) + "; resuming when etcd answers");
        }
        Duration wait = backoff;
        backoff = backoff.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : backoff.multipliedBy(2);
        int next = generation;
        RETRIES.schedule(() -> {
            // Out of our lock: renewing the connection re-opens every watch, this one included.
            store.calls().unavailable();
            synchronized (lock) {
                if (next != generation || current.isPresent()) {
                    return; // re-opened meanwhile
                }
            }
            open();
        }, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * {@return the event as podwire's}, or {@link WatchEvent.Compacted} when it cannot be told faithfully: a delete
     * replayed after its key's previous version was compacted comes without that version, and a listener that is
     * told "re-list" stays right where a made-up previous value would mislead it.
     */
    private WatchEvent convertOrResync(io.etcd.jetcd.watch.WatchEvent event) {
        long revision = event.getKeyValue().getModRevision();
        try {
            if (event.getEventType() == io.etcd.jetcd.watch.WatchEvent.EventType.DELETE
                    && event.getPrevKV().getKey().isEmpty()) {
                EtcdDatastore.log().log(Level.WARNING, "etcd watch delete without previous value prefix=" + prefix
                        + " revision=" + revision + "; listener re-lists");
                return new WatchEvent.Compacted(revision - 1);
            }
            return convert(event);
        } catch (RuntimeException e) {
            EtcdDatastore.log().log(Level.WARNING, "etcd watch event not understood prefix=" + prefix + " revision="
                    + revision + "; listener re-lists", e);
            return new WatchEvent.Compacted(revision - 1);
        }
    }

    private WatchEvent convert(io.etcd.jetcd.watch.WatchEvent event) {
        io.etcd.jetcd.KeyValue kv = event.getKeyValue();
        return switch (event.getEventType()) {
            case PUT -> new WatchEvent.Put(EtcdDatastore.convert(kv, deadline(kv.getLease())));
            case DELETE -> {
                io.etcd.jetcd.KeyValue prev = event.getPrevKV();
                long lease = prev.getLease();
                KeyValue previous = EtcdDatastore.convert(prev, Optional.empty());
                yield new WatchEvent.Delete(previous, kv.getModRevision(), lease != 0 && leaseGone(lease));
            }
            case UNRECOGNIZED -> throw new IllegalStateException("etcd watch event type: unrecognized at revision "
                    + kv.getModRevision());
        };
    }

    private Optional<java.time.Instant> deadline(long lease) {
        try {
            return store.leases().deadline(lease);
        } catch (DatastoreUnavailableException e) {
            return Optional.empty(); // etcd went away after sending the event; the TTL is unknown, not wrong
        }
    }

    private boolean leaseGone(long lease) {
        try {
            return store.leases().gone(lease);
        } catch (DatastoreUnavailableException e) {
            // Cannot ask: a deleted leased key is far more often an expiry (flannel's leases) than a hand delete.
            return true;
        }
    }

    private void deliver(WatchEvent event) {
        if (closed) {
            return;
        }
        try {
            listener.accept(event);
        } catch (RuntimeException e) {
            EtcdDatastore.log().log(Level.WARNING, "watch listener failed prefix=" + prefix + " revision="
                    + event.revision(), e);
        }
    }

    private static Optional<CompactedException> compaction(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof CompactedException c) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
