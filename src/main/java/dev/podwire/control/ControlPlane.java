package dev.podwire.control;

import static java.util.Objects.requireNonNull;

import dev.podwire.cluster.ClusterStore;
import dev.podwire.datastore.Datastore;
import dev.podwire.datastore.Keys;
import dev.podwire.datastore.Watch;
import dev.podwire.net.Ipv4;
import io.fabric8.kubernetes.api.model.Service;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The lab's controller manager and scheduler on one thread: Deployment, ReplicaSet, scheduling, LoadBalancer,
 * EndpointSlice and Endpoints controllers, all level-based; plus the apiserver's Service admission
 * ({@link #admission()}). Any change under {@code /registry/} marks the world dirty; the thread then reconciles
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
    private final LoadBalancerController loadBalancers;
    private final EndpointSliceController endpointSlices;
    private final EndpointsController endpoints;
    private final ServiceAdmission admission;
    private final Object signal = new Object();
    private boolean dirty = true;
    private boolean running;
    private Optional<Thread> thread = Optional.empty();
    private Optional<Watch> watch = Optional.empty();

    /** Controllers over {@code store} with kubeadm's service ranges ({@link ServiceOptions#kubeadmDefaults()}). */
    public ControlPlane(ClusterStore store, RandomGenerator random) {
        this(store, random, ServiceOptions.kubeadmDefaults());
    }

    /**
     * Controllers over {@code store}; pod name suffixes and, through an independent generator seeded from it,
     * ClusterIPs and node ports come from {@code random}; Services are admitted against {@code services}.
     */
    public ControlPlane(ClusterStore store, RandomGenerator random, ServiceOptions services) {
        this.store = requireNonNull(store, "store");
        requireNonNull(random, "random");
        requireNonNull(services, "services");
        this.deployments = new DeploymentController(store);
        this.replicaSets = new ReplicaSetController(store, random);
        this.scheduler = new Scheduler(store);
        this.loadBalancers = new LoadBalancerController(store, services.loadBalancerPool());
        this.endpointSlices = new EndpointSliceController(store);
        this.endpoints = new EndpointsController(store);
        // Admission runs on callers' threads, the controllers on ours: each gets its own generator.
        this.admission = new ServiceAdmission(store, services, new SplittableRandom(random.nextLong()));
    }

    /**
     * {@return the Service admission step}: the daemon writes Services through {@link ServiceAdmission#apply}
     * (which allocates ClusterIPs and node ports) instead of {@link ClusterStore#apply}. Thread-safe.
     */
    public ServiceAdmission admission() {
        return admission;
    }

    /** Creates or refreshes {@code default/kubernetes} pointing at {@code apiServer}:6443; see {@link KubernetesService}. */
    public Service ensureKubernetesService(Ipv4 apiServer) {
        return KubernetesService.ensure(admission, store, apiServer);
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
            loadBalancers.reconcile();
            endpointSlices.reconcile();
            endpoints.reconcile();
            if (datastore.revision() == before) {
                long writes = datastore.revision() - initial;
                int passes = pass;
                LOG.log(writes == 0 ? Level.DEBUG : Level.INFO, () -> "control sync passes=" + passes + " writes="
                        + writes + " took=" + Duration.ofNanos(System.nanoTime() - started).toMillis() + "ms");
                return pass;
            }
        }
        // Node agents write pod status at the same time, so the revision can keep moving without any controller
        // looping; the watch brings the loop back for whatever is left.
        LOG.log(Level.INFO, "control sync passes=" + MAX_PASSES + " store still changing; continuing on the next event");
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
