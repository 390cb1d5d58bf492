package dev.podwire.cluster;

import dev.podwire.datastore.Datastore;
import dev.podwire.datastore.KeyValue;
import dev.podwire.datastore.Watch;
import dev.podwire.datastore.WatchEvent;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.TreeMap;

/**
 * A local copy of one kind's objects, kept by a watch (client-go's informer): the objects are decoded once, when they
 * change, not on every read, and {@link #generation()} says whether anything changed since a reader last looked. A
 * proxy that syncs every few seconds over thousands of Services thus decodes only what changed. Events are applied in
 * revision order; a compaction (events lost) re-lists.
 *
 * @param <T> the kind's model class
 */
public final class Informer<T extends HasMetadata> implements AutoCloseable {
    private final ResourceType<T> type;
    private final Datastore store;
    private final TreeMap<String, T> objects = new TreeMap<>();
    private final Watch watch;
    private long generation;
    private List<T> items;
    // A shared informer's users are counted by the store that shares it, under its lock.
    private int users = 1;
    private java.util.function.Consumer<Informer<T>> release = Informer::stop;

    private Informer(ResourceType<T> type, Datastore store) {
        this.type = type;
        this.store = store;
        // The revision first, then the list: a write between the two is in the list and replayed by the watch,
        // which is harmless (a put of the same value, a delete of what is gone).
        long revision = store.revision();
        relist();
        this.watch = store.watch(type.prefix(), revision, this::apply);
    }

    /** {@return an informer of {@code type}'s objects in {@code cluster}, listed now and followed from now on} */
    public static <T extends HasMetadata> Informer<T> start(ClusterStore cluster, ResourceType<T> type) {
        return new Informer<>(type, cluster.datastore());
    }

    /**
     * {@return the informer of {@code type} that every user of {@code cluster} shares} (client-go's shared informer
     * factory): fifty node agents in one daemon decode each Service once, not fifty times. Each call is one user;
     * {@link #close()} ends the informer with its last user. The objects are shared: readers must not change them.
     */
    public static <T extends HasMetadata> Informer<T> shared(ClusterStore cluster, ResourceType<T> type) {
        return cluster.sharedInformer(type);
    }

    /** Counts one more user of a shared informer (called under the sharing store's lock). */
    Informer<T> acquire() {
        users++;
        return this;
    }

    /** {@return the users left after one went} (called under the sharing store's lock) */
    int release() {
        return --users;
    }

    /** Hands {@link #close()} to the store that shares this informer. */
    void sharedBy(java.util.function.Consumer<Informer<T>> releaser) {
        this.release = releaser;
    }

    /** Stops following the store. */
    void stop() {
        watch.close();
    }

    /** {@return every object, sorted by key; the same instances until they change} */
    public synchronized List<T> items() {
        if (items == null) {
            items = List.copyOf(objects.values());
        }
        return items;
    }

    /** {@return a number that grows with every change seen} */
    public synchronized long generation() {
        return generation;
    }

    private synchronized void relist() {
        objects.clear();
        for (KeyValue kv : store.list(type.prefix())) {
            objects.put(kv.key(), ClusterStore.decode(type, kv));
        }
        changed();
    }

    private synchronized void apply(WatchEvent event) {
        switch (event) {
            case WatchEvent.Put put -> {
                T current = objects.get(put.kv().key());
                // A replayed put of what is already here (the list saw it) changes nothing.
                if (current == null || !String.valueOf(put.kv().modRevision()).equals(
                        current.getMetadata().getResourceVersion())) {
                    objects.put(put.kv().key(), ClusterStore.decode(type, put.kv()));
                    changed();
                }
            }
            case WatchEvent.Delete delete -> {
                if (objects.remove(delete.key()) != null) {
                    changed();
                }
            }
            case WatchEvent.Compacted compacted -> relist();
        }
    }

    private void changed() {
        generation++;
        items = null;
    }

    /** Ends this user's use; the watch stops with the last user. */
    @Override
    public void close() {
        release.accept(this);
    }
}
