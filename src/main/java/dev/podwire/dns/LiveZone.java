package dev.podwire.dns;

import static java.util.Objects.requireNonNull;

import dev.podwire.cluster.ClusterStore;
import dev.podwire.cluster.ResourceType;
import dev.podwire.datastore.Watch;
import dev.podwire.datastore.WatchEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link ZoneSource} that follows the cluster: it watches the datastore under {@code /registry/} and rebuilds the
 * whole zone from Services, EndpointSlices, Pods and Namespaces (read through {@link ClusterStore}) after each burst
 * of changes, debounced, then swaps it in atomically. The first zone is built before {@link #start} returns, so a
 * server never answers from an unsynced (empty) zone. The SOA serial is the clock's unix time, never decreasing.
 */
public final class LiveZone implements ZoneSource, AutoCloseable {
    /** The default quiet time between a change and the rebuild; answers follow the cluster well within 1 s. */
    public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(100);
    private static final System.Logger LOG = System.getLogger(LiveZone.class.getName());
    private static final String REGISTRY = "/registry/";
    private static final List<ResourceType<?>> WATCHED =
            List.of(ResourceType.SERVICE, ResourceType.ENDPOINT_SLICE, ResourceType.POD, ResourceType.NAMESPACE);

    private final ClusterStore store;
    private final ZoneConfig config;
    private final Duration debounce;
    private final AtomicReference<ClusterZone> zone = new AtomicReference<>();
    private final AtomicBoolean pending = new AtomicBoolean();
    private final ScheduledExecutorService rebuilds;
    private Watch watch;

    private LiveZone(ClusterStore store, ZoneConfig config, Duration debounce) {
        this.store = store;
        this.config = config;
        this.debounce = debounce;
        this.rebuilds = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon(true).name("dns-zone-" + config.clusterDomain()).factory());
    }

    /** {@return a live zone over {@code store}, already built once, rebuilt {@link #DEFAULT_DEBOUNCE} after changes} */
    public static LiveZone start(ClusterStore store, ZoneConfig config) {
        return start(store, config, DEFAULT_DEBOUNCE);
    }

    /** {@return a live zone over {@code store}, rebuilt {@code debounce} after the first change of a burst} */
    public static LiveZone start(ClusterStore store, ZoneConfig config, Duration debounce) {
        requireNonNull(store, "store");
        requireNonNull(config, "config");
        requireNonNull(debounce, "debounce");
        if (debounce.isNegative() || debounce.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new IllegalArgumentException("debounce: " + debounce + " (expected: 0..1s)");
        }
        LiveZone live = new LiveZone(store, config, debounce);
        // Revision first, then list: a change racing the list is replayed by the watch and only costs a rebuild.
        long revision = store.datastore().revision();
        live.rebuild();
        live.watch = store.datastore().watch(REGISTRY, revision, live::onEvent);
        return live;
    }

    @Override
    public ClusterZone current() {
        return zone.get();
    }

    private void onEvent(WatchEvent event) {
        boolean relevant = switch (event) {
            case WatchEvent.Put(var kv) -> watched(kv.key());
            case WatchEvent.Delete delete -> watched(delete.key());
            case WatchEvent.Compacted _ -> true;
        };
        if (relevant && pending.compareAndSet(false, true)) {
            rebuilds.schedule(this::rebuild, debounce.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static boolean watched(String key) {
        return WATCHED.stream().anyMatch(type -> key.startsWith(type.prefix()));
    }

    // Runs on the rebuild thread (and once in start). A failure keeps the previous zone and retries later.
    private void rebuild() {
        pending.set(false);
        try {
            long started = System.nanoTime();
            ClusterObjects objects = new ClusterObjects(store.list(ResourceType.SERVICE),
                    store.list(ResourceType.ENDPOINT_SLICE), store.list(ResourceType.POD),
                    store.list(ResourceType.NAMESPACE));
            ClusterZone previous = zone.get();
            long serial = store.clock().instant().getEpochSecond();
            if (previous != null) {
                serial = Math.max(serial, previous.serial());
            }
            ClusterZone next = ZoneBuilder.build(objects, config, serial & 0xFFFFFFFFL);
            zone.set(next);
            LOG.log(System.Logger.Level.DEBUG, () -> "dns zone rebuilt domain=" + config.clusterDomain()
                    + " services=" + objects.services().size() + " names=" + next.size() + " took="
                    + (System.nanoTime() - started) / 1_000_000 + "ms");
        } catch (RuntimeException e) {
            if (zone.get() == null) {
                throw e;
            }
            LOG.log(System.Logger.Level.WARNING, "dns zone rebuild failed, retrying error=" + e);
            if (pending.compareAndSet(false, true)) {
                rebuilds.schedule(this::rebuild, 1, TimeUnit.SECONDS);
            }
        }
    }

    /** Stops watching; {@link #current()} keeps returning the last zone. */
    @Override
    public void close() {
        if (watch != null) {
            watch.close();
        }
        rebuilds.shutdownNow();
    }
}
