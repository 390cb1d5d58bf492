package dev.podwire.control;

import static java.util.Objects.requireNonNull;

import dev.podwire.cluster.ClusterStore;
import dev.podwire.datastore.Datastore;
import dev.podwire.datastore.Keys;
import dev.podwire.datastore.Watch;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The lab's controller manager and scheduler on one thread: Deployment, ReplicaSet and scheduling controllers,
 * all level-based. Any change under {@code /registry/} marks the world dirty; the thread then reconciles
 * everything, repeating until a pass writes nothing (cheap at lab scale: a few hundred pods). A full resync also
 * runs every {@link #RESYNC} without events.
 */
public final class ControlPlane implements AutoCloseable {
    /** Resync period without events. */
    public static final Duration RESYNC = Duration.ofSeconds(30);
    /** Passes per sync before giving up on reaching a fixed point (a controller fighting another). */
    static final int MAX_PASSES = 20;
    private static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);
    private static final System.Logger LOG = System.getLogger(ControlPlane.class.getName());

    private final ClusterStore store;
    private final DeploymentController deployments;
    private final ReplicaSetController replicaSets;
    private final Scheduler scheduler;
    private final Object signal = new Object();
    private boolean dirty = true;
    private boolean running;
    private Optional<Thread> thread = Optional.empty();
    private Optional<Watch> watch = Optional.empty();

    /** Controllers over {@code store}; pod name suffixes come from {@code random}. */
    public ControlPlane(ClusterStore store, RandomGenerator random) {
        this.store = requireNonNull(store, "store");
        this.deployments = new DeploymentController(store);
        this.replicaSets = new ReplicaSetController(store, requireNonNull(random, "random"));
        this.scheduler = new Scheduler(store);
    }

    /** Starts the control-plane thread ({@code podwire-control-plane}); it syncs at once, then on every change. */
    public synchronized void start() {
        if (running) {
            throw new IllegalStateException("control plane already started");
        }
        running = true;
        Datastore datastore = store.datastore();
        watch = Optional.of(datastore.watch(Keys.REGISTRY, datastore.revision(), _ -> markDirty()));
        thread = Optional.of(Thread.ofPlatform().name("podwire-control-plane").daemon().start(this::loop));
    }

    /**
     * Reconciles everything until a pass writes nothing; {@return the number of passes}. Tests call this directly
     * instead of {@link #start()}; never call it while the thread runs.
     */
    public synchronized int syncOnce() {
        long started = System.nanoTime();
        Datastore datastore = store.datastore();
        long initial = datastore.revision();
        for (int pass = 1; pass <= MAX_PASSES; pass++) {
            long before = datastore.revision();
            deployments.reconcile();
            replicaSets.reconcile();
            scheduler.reconcile();
            if (datastore.revision() == before) {
                long writes = datastore.revision() - initial;
                int passes = pass;
                LOG.log(writes == 0 ? Level.DEBUG : Level.INFO, () -> "control sync passes=" + passes + " writes="
                        + writes + " took=" + Duration.ofNanos(System.nanoTime() - started).toMillis() + "ms");
                return pass;
            }
        }
        LOG.log(Level.WARNING, "control sync passes=" + MAX_PASSES + " no fixed point; will retry");
        return MAX_PASSES;
    }

    /** Stops the thread and the watch; idempotent. */
    @Override
    public void close() {
        Optional<Thread> toJoin;
        synchronized (signal) {
            running = false;
            signal.notifyAll();
        }
        synchronized (this) {
            watch.ifPresent(Watch::close);
            watch = Optional.empty();
            toJoin = thread;
            thread = Optional.empty();
        }
        toJoin.ifPresent(t -> {
            try {
                t.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private void markDirty() {
        synchronized (signal) {
            dirty = true;
            signal.notifyAll();
        }
    }

    private void loop() {
        while (true) {
            synchronized (signal) {
                if (!dirty && running) {
                    try {
                        signal.wait(RESYNC.toMillis());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (!running) {
                    return;
                }
                dirty = false;
            }
            try {
                syncOnce();
            } catch (RuntimeException e) {
                // Top of a long-running loop: log once, schedule a full resync, keep going.
                LOG.log(Level.WARNING, "control sync failed; retrying in " + RETRY_BACKOFF.toSeconds() + "s", e);
                markDirty();
                sleep(RETRY_BACKOFF);
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
