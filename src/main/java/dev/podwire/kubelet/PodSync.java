package dev.podwire.kubelet;

import dev.podwire.cni.AdoptionInput;
import dev.podwire.cni.CniCacheEntry;
import dev.podwire.cni.CniReconciler;
import dev.podwire.cni.DesiredPod;
import dev.podwire.cni.PodAdoption;
import dev.podwire.cni.PodDecision;
import dev.podwire.cni.PodWiring;
import dev.podwire.cluster.ResourceType;
import dev.podwire.ipam.Ipam;
import dev.podwire.net.Cidr;
import dev.podwire.net.Ipv4;
import dev.podwire.net.Netns;
import dev.podwire.runtime.ContainerRuntime;
import dev.podwire.runtime.RunningContainer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Keeps a node's pods as kubelet + CNI would: new pods get a sandbox ({@link Sandboxes}: an address, a namespace, a
 * veth on {@code cni0}, kubelet's {@code resolv.conf}/{@code hosts}), their containers are started and restarted
 * ({@link PodContainers}), and each pod's status follows what really runs ({@link KubeletStatus}); pods marked for
 * deletion lose all of it and are then removed from the store. Every pod is on its own: one whose sandbox or
 * containers fail is retried with back-off, with an event and a log line each time, and no other pod waits for it.
 *
 * <p>The first pass after a (re)start adopts what already exists ({@link PodAdoption}): intact pods are kept with
 * their connections, broken parts repaired, pods the store no longer has torn down, and containers the runtime still
 * runs are kept rather than started twice.
 */
public final class PodSync implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PodSync.class.getName());
    private static final Duration FIRST_SANDBOX_RETRY = Duration.ofSeconds(1);
    private static final Duration MAX_SANDBOX_RETRY = Duration.ofSeconds(30);

    /** A pod whose sandbox could not be made: kubelet's event text, and when to try again. */
    private record SandboxFailure(String uid, String message, Duration backoff, Instant retryAt) {}

    private final KubeletEnv env;
    private final Sandboxes sandboxes;
    private final ContainerRuntime runtime;
    private final PodEvents events;
    private final Map<String, PodContainers> wired = new LinkedHashMap<>();
    private final Map<String, SandboxFailure> failed = new LinkedHashMap<>();
    private boolean adopted;

    /** A pod syncer whose events go to the agent's log. */
    public PodSync(KubeletEnv env, CniReconciler cni, Ipam ipam, ContainerRuntime runtime) {
        this(env, cni, ipam, runtime, PodEvents.LOG);
    }

    /** A pod syncer recording its events with {@code events}. */
    public PodSync(KubeletEnv env, CniReconciler cni, Ipam ipam, ContainerRuntime runtime, PodEvents events) {
        this.env = env;
        this.sandboxes = new Sandboxes(env, cni, ipam);
        this.runtime = runtime;
        this.events = events;
    }

    /** Brings the node's pods in line with the store; {@return how many pods changed} */
    public synchronized int sync(List<Pod> mine, Cidr subnet, int mtu) {
        Instant now = env.clock().instant();
        int changes = 0;
        Set<String> changed = new TreeSet<>();
        if (!adopted) {
            // Only a completed adoption counts: one that failed is planned again from what exists then.
            changes += adopt(mine, subnet, mtu);
            adopted = true;
        }
        Map<String, Pod> desired = new LinkedHashMap<>();
        for (Pod p : mine) {
            desired.put(Sandboxes.key(p), p);
        }
        failed.keySet().removeIf(k -> !desired.containsKey(k)
                || !desired.get(k).getMetadata().getUid().equals(failed.get(k).uid()));
        for (String k : new ArrayList<>(wired.keySet())) {
            Pod p = desired.get(k);
            if (p == null || p.getMetadata().getDeletionTimestamp() != null
                    || !p.getMetadata().getUid().equals(wired.get(k).uid())) {
                teardown(k, Optional.ofNullable(p));
                changes++;
            }
        }
        List<Pod> fresh = new ArrayList<>();
        for (Pod p : desired.values()) {
            String k = Sandboxes.key(p);
            if (p.getMetadata().getDeletionTimestamp() != null) {
                env.cluster().finalizePodDeletion(p.getMetadata().getNamespace(), p.getMetadata().getName());
                failed.remove(k);
                changes++;
            } else if (!wired.containsKey(k) && Optional.ofNullable(failed.get(k))
                    .filter(f -> now.isBefore(f.retryAt())).isEmpty()) {
                fresh.add(p);
            }
        }
        if (!fresh.isEmpty()) {
            changed.addAll(wire(fresh, subnet, mtu, now));
        }
        changed.addAll(containers(desired, now));
        statuses(desired, now);
        return changes + changed.size();
    }

    /** {@return when this syncer wants to run again for a pod or container waiting in back-off, if any} */
    public synchronized Optional<Instant> nextRetry() {
        Optional<Instant> sandbox = failed.values().stream().map(SandboxFailure::retryAt).min(Instant::compareTo);
        Optional<Instant> container = wired.values().stream().map(PodContainers::nextRetry).flatMap(Optional::stream)
                .min(Instant::compareTo);
        return java.util.stream.Stream.of(sandbox, container).flatMap(Optional::stream).min(Instant::compareTo);
    }

    /** {@return the keys of the pods that got their sandbox} */
    private Set<String> wire(List<Pod> pods, Cidr subnet, int mtu, Instant now) {
        Set<String> changes = new TreeSet<>();
        Map<String, Sandboxes.Outcome> outcomes = sandboxes.wire(pods, subnet, mtu);
        for (Pod p : pods) {
            String k = Sandboxes.key(p);
            switch (outcomes.get(k)) {
                case Sandboxes.Outcome.Wired(var w) -> {
                    failed.remove(k);
                    wired.put(k, new PodContainers(env, runtime, events, p.getMetadata().getUid(), w));
                    changes.add(k);
                }
                case Sandboxes.Outcome.Failed(var message) -> {
                    Duration backoff = Optional.ofNullable(failed.get(k)).map(f -> f.backoff().multipliedBy(2))
                            .map(d -> d.compareTo(MAX_SANDBOX_RETRY) < 0 ? d : MAX_SANDBOX_RETRY)
                            .orElse(FIRST_SANDBOX_RETRY);
                    failed.put(k, new SandboxFailure(p.getMetadata().getUid(), message, backoff, now.plus(backoff)));
                    LOG.log(System.Logger.Level.WARNING, "pod sandbox failed pod=" + k + " retryIn="
                            + backoff.toMillis() + "ms: " + message);
                    events.record(p, "Warning", "FailedCreatePodSandBox", message);
                }
                case null -> throw new IllegalStateException("no wiring outcome for pod " + k);
            }
        }
        return changes;
    }

    // One listing of the runtime per pass; each pod's containers are then reconciled on their own.
    /** {@return the keys of the pods whose containers were started} */
    private Set<String> containers(Map<String, Pod> desired, Instant now) {
        if (wired.isEmpty()) {
            return Set.of();
        }
        Map<String, RunningContainer> running = new LinkedHashMap<>();
        runtime.list().forEach(c -> running.put(c.spec().id(), c));
        Set<String> changes = new TreeSet<>();
        for (var e : wired.entrySet()) {
            if (e.getValue().reconcile(desired.get(e.getKey()), running, now) > 0) {
                changes.add(e.getKey());
            }
        }
        return changes;
    }

    // Each pod's status as the node sees it, written only when it differs from the stored one.
    private void statuses(Map<String, Pod> desired, Instant now) {
        for (Pod p : desired.values()) {
            if (p.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            String k = Sandboxes.key(p);
            Optional<PodContainers> w = Optional.ofNullable(wired.get(k));
            KubeletStatus.View view = new KubeletStatus.View(w.map(c -> c.wiring().ip()),
                    Optional.ofNullable(failed.get(k)).map(SandboxFailure::message),
                    w.map(PodContainers::tracks).orElse(Map.of()));
            PodStatus status = KubeletStatus.of(p, view, env.nodeAddress(), now);
            if (!status.equals(p.getStatus())) {
                env.cluster().modify(ResourceType.POD, p.getMetadata().getNamespace(), p.getMetadata().getName(),
                        fresh -> {
                            if (fresh.getMetadata().getUid().equals(p.getMetadata().getUid())) {
                                fresh.setStatus(KubeletStatus.of(fresh, view, env.nodeAddress(), now));
                            }
                            return fresh;
                        });
            }
        }
    }

    /** {@return the node's wired pods' namespaces and addresses} */
    public synchronized Map<Netns, Ipv4> pods() {
        Map<Netns, Ipv4> out = new LinkedHashMap<>();
        wired.values().forEach(w -> out.put(w.wiring().pod(), w.wiring().ip()));
        return out;
    }

    /**
     * Takes over what a previous agent left: plan from the kernel, the CNI cache and host-local's files, then keep,
     * repair or tear down; pods to create are left to the normal pass, containers to {@link #containers}.
     * {@return how many pods changed}
     */
    private int adopt(List<Pod> mine, Cidr subnet, int mtu) {
        long t0 = System.nanoTime();
        Map<String, Pod> live = new LinkedHashMap<>();
        mine.stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .forEach(p -> live.put(Sandboxes.key(p), p));
        List<DesiredPod> desired = live.values().stream().map(sandboxes::desired).toList();
        List<CniCacheEntry> cached = sandboxes.cache().all();
        List<RunningContainer> running = runtime.list();
        Map<String, List<Ipv4>> held = sandboxes.ipam().reservations();
        if (cached.isEmpty() && running.isEmpty() && held.isEmpty()) {
            // A fresh node (every lab's bring-up): nothing was wired, so there is nothing to read from the kernel.
            return 0;
        }
        Set<Netns> candidates = new TreeSet<>();
        desired.forEach(d -> candidates.add(d.pod()));
        cached.forEach(c -> candidates.add(c.pod()));
        running.forEach(c -> candidates.add(c.spec().podNetns()));
        List<PodDecision> plan = PodAdoption.plan(new AdoptionInput(env.netns(), subnet, env.network(), mtu, desired,
                cached, held, sandboxes.cni().observe(env.netns(), candidates)));
        int changes = 0;
        List<PodDecision.Repair> repairs = new ArrayList<>();
        Map<String, PodWiring> keep = new LinkedHashMap<>();
        for (PodDecision d : plan) {
            switch (d) {
                case PodDecision.Delete(var c, var why) -> {
                    forget(c.pod(), c.containerId(), "pod removed pod=" + c.podKey() + " ip=" + c.ip() + " why=" + why);
                    changes++;
                }
                case PodDecision.Recreate(var p, var why) -> {
                    forget(p.pod(), p.containerId(), "pod rebuilt pod=" + p.key() + " why=" + why);
                    changes++;
                }
                case PodDecision.Release(var id) -> {
                    sandboxes.ipam().release(id);
                    changes++;
                }
                case PodDecision.Create c -> { }
                case PodDecision.Keep(var p, var w) -> keep.put(p.key(), w);
                case PodDecision.Repair r -> {
                    repairs.add(r);
                    keep.put(r.pod().key(), r.wiring());
                    LOG.log(System.Logger.Level.INFO, "pod repaired pod=" + r.pod().key() + " fixes=" + r.fixes());
                }
            }
        }
        sandboxes.cni().repair(env.netns(), repairs);
        // Containers of pods that are gone, or that are another pod now, stop; those of kept pods stay and are
        // adopted by the containers step (the runtime reports them running, so they are not started twice).
        for (RunningContainer c : running) {
            boolean kept = keep.containsKey(c.spec().podKey()) && live.get(c.spec().podKey()).getMetadata().getUid()
                    .equals(c.spec().podUid());
            if (!kept) {
                runtime.stop(c.spec().id());
            }
        }
        for (var e : keep.entrySet()) {
            Pod p = live.get(e.getKey());
            sandboxes.kept(p, e.getValue());
            wired.put(e.getKey(), new PodContainers(env, runtime, events, p.getMetadata().getUid(), e.getValue()));
        }
        LOG.log(System.Logger.Level.INFO, "pods adopted node=" + env.node() + " kept=" + (keep.size()
                - repairs.size()) + " repaired=" + repairs.size() + " removed=" + changes + " containers="
                + running.size() + " took=" + (System.nanoTime() - t0) / 1_000_000 + "ms");
        return changes + repairs.size();
    }

    /** Ends whatever runs in a namespace and removes it with its address, cache entry and /etc files. */
    private void forget(Netns pod, String containerId, String message) {
        runtime.list().stream().filter(c -> c.spec().podNetns().equals(pod)).forEach(c -> runtime.stop(c.spec().id()));
        sandboxes.remove(pod, containerId);
        LOG.log(System.Logger.Level.INFO, message);
    }

    private void teardown(String k, Optional<Pod> current) {
        PodContainers w = wired.get(k);
        current.filter(p -> p.getMetadata().getUid().equals(w.uid())).ifPresentOrElse(w::stop, () -> {
            // The pod is gone from the store (or is another pod now): stop what the runtime has of this one.
            w.closeSpecials();
            runtime.list().stream().filter(c -> c.spec().podNetns().equals(w.wiring().pod()))
                    .forEach(c -> runtime.stop(c.spec().id()));
        });
        // Only forgotten once everything is gone: a failure here leaves the pod to be torn down on the next pass.
        String[] parts = k.split("/", 2);
        sandboxes.remove(w.wiring().pod(), env.names().containerId(parts[0], parts[1]));
        wired.remove(k);
        LOG.log(System.Logger.Level.INFO, "pod removed pod=" + k + " ip=" + w.wiring().ip());
    }

    /**
     * Stops what the agent serves itself and lets go of the runtime (the in-process one stops every container; a
     * runtime process keeps them). Namespaces and addresses stay: the lab's teardown removes all namespaces in one
     * batch, which is much faster than one by one, and a restarted agent adopts them.
     */
    @Override
    public synchronized void close() {
        wired.values().forEach(PodContainers::closeSpecials);
        wired.clear();
        runtime.close();
    }
}
