package dev.podwire.kubelet;

import dev.podwire.cni.AdoptionInput;
import dev.podwire.cni.CniCache;
import dev.podwire.cni.CniCacheEntry;
import dev.podwire.cni.CniReconciler;
import dev.podwire.cni.DesiredPod;
import dev.podwire.cni.PodAdoption;
import dev.podwire.cni.PodDecision;
import dev.podwire.cni.PodWiring;
import dev.podwire.net.Cidr;
import dev.podwire.net.Ipv4;
import dev.podwire.net.Netns;
import dev.podwire.runtime.ContainerRuntime;
import dev.podwire.runtime.ContainerSpec;
import dev.podwire.runtime.RunningContainer;
import dev.podwire.workload.PortSpec;
import dev.podwire.net.Protocol;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import dev.podwire.ipam.Ipam;

/**
 * Keeps a node's pods wired as kubelet + CNI would: new pods get an address, a namespace, a veth on {@code cni0},
 * kubelet's {@code resolv.conf}/{@code hosts}, and their containers (through the node's {@link ContainerRuntime});
 * pods marked for deletion lose all of it and are then removed from the store.
 *
 * <p>The first pass after a (re)start adopts what already exists ({@link PodAdoption}): intact pods are kept with
 * their connections, broken parts repaired, pods the store no longer has torn down, and containers the runtime still
 * runs are kept rather than started twice.
 */
public final class PodSync implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PodSync.class.getName());

    /** What is running for one pod: images the agent serves itself, and container IDs in the runtime. */
    private record Wired(String uid, PodWiring wiring, List<AutoCloseable> specials, List<String> containers) {}

    private final KubeletEnv env;
    private final CniReconciler cni;
    private final Ipam ipam;
    private final ContainerRuntime runtime;
    private final CniCache cache;
    private final Map<String, Wired> wired = new LinkedHashMap<>();
    private boolean adopted;

    public PodSync(KubeletEnv env, CniReconciler cni, Ipam ipam, ContainerRuntime runtime) {
        this.env = env;
        this.cni = cni;
        this.ipam = ipam;
        this.runtime = runtime;
        this.cache = new CniCache(env.root());
    }

    /** Brings the node's pods in line with the store; {@return how many pods changed} */
    public synchronized int sync(List<Pod> mine, Cidr subnet, int mtu) {
        int changes = 0;
        if (!adopted) {
            // Only a completed adoption counts: one that failed is planned again from what exists then. That is safe
            // because start() leaves pods it already started alone, and it is safer than wiring kept pods afresh,
            // whose failure clean-up would delete their (existing) namespaces.
            changes += adopt(mine, subnet, mtu);
            adopted = true;
        }
        Map<String, Pod> desired = new LinkedHashMap<>();
        for (Pod p : mine) {
            desired.put(key(p), p);
        }
        for (String k : new ArrayList<>(wired.keySet())) {
            Pod p = desired.get(k);
            if (p == null || p.getMetadata().getDeletionTimestamp() != null
                    || !p.getMetadata().getUid().equals(wired.get(k).uid())) {
                teardown(k);
                changes++;
            }
        }
        List<Pod> fresh = new ArrayList<>();
        for (Pod p : desired.values()) {
            if (p.getMetadata().getDeletionTimestamp() != null) {
                env.cluster().finalizePodDeletion(p.getMetadata().getNamespace(), p.getMetadata().getName());
                changes++;
            } else if (!wired.containsKey(key(p))) {
                fresh.add(p);
            }
        }
        if (!fresh.isEmpty()) {
            wire(fresh, subnet, mtu);
            changes += fresh.size();
        }
        return changes;
    }

    /** {@return the node's wired pods' namespaces and addresses} */
    public synchronized Map<Netns, Ipv4> pods() {
        Map<Netns, Ipv4> out = new LinkedHashMap<>();
        wired.values().forEach(w -> out.put(w.wiring().pod(), w.wiring().ip()));
        return out;
    }

    /**
     * Takes over what a previous agent left: plan from the kernel, the CNI cache and host-local's files, then keep,
     * repair or tear down; pods to create are left to the normal pass. {@return how many pods changed}
     */
    private int adopt(List<Pod> mine, Cidr subnet, int mtu) {
        long t0 = System.nanoTime();
        Map<String, Pod> live = new LinkedHashMap<>();
        mine.stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).forEach(p -> live.put(key(p), p));
        List<DesiredPod> desired = live.values().stream().map(this::desired).toList();
        List<CniCacheEntry> cached = cache.all();
        List<RunningContainer> running = runtime.list();
        Map<String, List<Ipv4>> held = ipam.reservations();
        if (cached.isEmpty() && running.isEmpty() && held.isEmpty()) {
            // A fresh node (every lab's bring-up): nothing was wired, so there is nothing to read from the kernel.
            return 0;
        }
        Set<Netns> candidates = new TreeSet<>();
        desired.forEach(d -> candidates.add(d.pod()));
        cached.forEach(c -> candidates.add(c.pod()));
        running.forEach(c -> candidates.add(c.spec().podNetns()));
        List<PodDecision> plan = PodAdoption.plan(new AdoptionInput(env.netns(), subnet,
                env.network(), mtu, desired, cached, held,
                cni.observe(env.netns(), candidates)));
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
                    ipam.release(id);
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
        cni.repair(env.netns(), repairs);
        // Containers of pods that are gone, or that are another pod now, stop; those of kept pods stay.
        for (RunningContainer c : running) {
            boolean kept = keep.containsKey(c.spec().podKey()) && live.get(c.spec().podKey()).getMetadata().getUid()
                    .equals(c.spec().podUid());
            if (!kept) {
                runtime.stop(c.spec().id());
            }
        }
        Set<String> alreadyRunning = new TreeSet<>();
        running.forEach(c -> alreadyRunning.add(c.spec().id()));
        RuntimeException first = null;
        for (var e : keep.entrySet()) {
            try {
                start(live.get(e.getKey()), e.getValue(), alreadyRunning);
            } catch (RuntimeException ex) {
                first = first == null ? ex : first;
            }
        }
        if (first != null) {
            throw first;
        }
        LOG.log(System.Logger.Level.INFO, "pods adopted node=" + env.node() + " kept=" + (keep.size()
                - repairs.size()) + " repaired=" + repairs.size() + " removed=" + changes + " containers="
                + running.size() + " took=" + (System.nanoTime() - t0) / 1_000_000 + "ms");
        return changes + repairs.size();
    }

    /** Ends whatever runs in a namespace and removes it with its address, cache entry and /etc files. */
    private void forget(Netns pod, String containerId, String message) {
        runtime.list().stream().filter(c -> c.spec().podNetns().equals(pod)).forEach(c -> runtime.stop(c.spec().id()));
        cni.remove(pod);
        ipam.release(containerId);
        cache.remove(containerId);
        PodEtc.delete(pod);
        LOG.log(System.Logger.Level.INFO, message);
    }

    private void wire(List<Pod> pods, Cidr subnet, int mtu) {
        Cidr network = env.network();
        List<PodWiring> wirings = new ArrayList<>();
        try {
            for (Pod p : pods) {
                DesiredPod d = desired(p);
                Ipv4 ip = ipam.allocate(d.containerId());
                PodWiring w = new PodWiring(env.netns(), d.pod(), d.hostVeth(), ip, subnet, network, mtu);
                wirings.add(w);
                // The cache entry before the namespace (libcni writes its cache before the plugin's result is
                // used): an agent that dies right after `netns add` leaves a namespace its successor can find.
                cache.write(cacheEntry(d, w));
            }
            cni.add(wirings);
        } catch (RuntimeException e) {
            // Nothing half-built stays: namespaces made so far go, addresses go back to the pool.
            for (int i = 0; i < wirings.size(); i++) {
                cni.remove(wirings.get(i).pod());
            }
            pods.forEach(p -> {
                ipam.release(desired(p).containerId());
                cache.remove(desired(p).containerId());
            });
            throw e;
        }
        // Each pod's containers start on their own: one that cannot start (a port taken twice, a missing program)
        // is torn down again and reported, and does not keep the others from running.
        RuntimeException first = null;
        for (int i = 0; i < pods.size(); i++) {
            try {
                start(pods.get(i), wirings.get(i), Set.of());
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * Records a wired pod, writes its /etc files, starts its containers and marks it running. A pod this PodSync
     * already started (an adoption that failed part-way and runs again) is left alone: starting its special images
     * twice would leak the first servers and fail on their ports.
     */
    private void start(Pod p, PodWiring w, Set<String> alreadyRunning) {
        DesiredPod d = desired(p);
        Optional<Wired> previous = Optional.ofNullable(wired.get(d.key()));
        if (previous.filter(prev -> prev.uid().equals(d.podUid()) && prev.wiring().equals(w)).isPresent()) {
            return;
        }
        previous.ifPresent(this::stopContainers);
        Wired entry = new Wired(d.podUid(), w, new ArrayList<>(), new ArrayList<>());
        wired.put(d.key(), entry);
        try {
            // Adoption may keep a pod whose cache entry was lost; writing it again is harmless.
            cache.write(cacheEntry(d, w));
            PodEtc.write(p, w, env.dns());
            for (Container c : p.getSpec().getContainers()) {
                Optional<AutoCloseable> special = env.images().start(w.pod(), p, c);
                if (special.isPresent()) {
                    entry.specials().add(special.get());
                    continue;
                }
                RunningContainer rc = runtime.start(spec(p, w, c));
                entry.containers().add(rc.spec().id());
                if (!alreadyRunning.contains(rc.spec().id())) {
                    rc.processes().forEach(env.processes());
                }
            }
            boolean running = p.getStatus() != null && "Running".equals(p.getStatus().getPhase())
                    && w.ip().toString().equals(p.getStatus().getPodIP());
            if (!running) {
                env.cluster().markPodRunning(d.podNamespace(), d.podName(), w.ip(), env.nodeAddress(),
                        env.clock().instant());
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "pod failed to start pod=" + d.key() + ": " + e.getMessage());
            teardown(d.key());
            throw new IllegalStateException("start pod " + d.key() + ": " + e.getMessage(), e);
        }
    }

    private static CniCacheEntry cacheEntry(DesiredPod d, PodWiring w) {
        return new CniCacheEntry(d.containerId(), d.podNamespace(), d.podName(), d.podUid(), w.pod(), w.hostVeth(),
                w.ip(), w.subnet().prefixLength());
    }

    private ContainerSpec spec(Pod p, PodWiring w, Container c) {
        List<String> argv = new ArrayList<>(Optional.ofNullable(c.getCommand()).orElse(List.of()));
        if (!argv.isEmpty() && c.getArgs() != null) {
            argv.addAll(c.getArgs());
        }
        String log = argv.isEmpty() ? "" : env.root().resolve("var/log/pods/" + p.getMetadata().getNamespace() + "_"
                + p.getMetadata().getName() + "/" + c.getName() + ".log").toString();
        return new ContainerSpec(w.pod().name(), p.getMetadata().getNamespace(), p.getMetadata().getName(),
                p.getMetadata().getUid(), c.getName(), Optional.ofNullable(c.getImage()).orElse(""), ports(c), argv,
                log);
    }

    private DesiredPod desired(Pod p) {
        String ns = p.getMetadata().getNamespace();
        String name = p.getMetadata().getName();
        return new DesiredPod(ns, name, p.getMetadata().getUid(), env.names().containerId(ns, name),
                env.names().pod(ns, name), env.names().podVeth(ns, name));
    }

    private static List<PortSpec> ports(Container c) {
        List<PortSpec> out = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (ContainerPort cp : Optional.ofNullable(c.getPorts()).orElse(List.of())) {
            Protocol proto = Protocol.parse(Optional.ofNullable(cp.getProtocol()).orElse("TCP"));
            if (seen.add(cp.getContainerPort() + "/" + proto)) {
                out.add(new PortSpec(Optional.ofNullable(cp.getName()).orElse(""), cp.getContainerPort(), proto));
            }
        }
        return out;
    }

    private void teardown(String k) {
        Wired w = wired.get(k);
        stopContainers(w);
        // Only forgotten once everything is gone: a failure here leaves the pod to be torn down on the next pass.
        cni.remove(w.wiring().pod());
        String[] parts = k.split("/", 2);
        String containerId = env.names().containerId(parts[0], parts[1]);
        ipam.release(containerId);
        cache.remove(containerId);
        PodEtc.delete(w.wiring().pod());
        wired.remove(k);
        LOG.log(System.Logger.Level.INFO, "pod removed pod=" + k + " ip=" + w.wiring().ip());
    }

    private void stopContainers(Wired w) {
        // Sockets first: a namespace with open sockets outlives `ip netns del` and keeps its links.
        w.specials().forEach(PodSync::closeQuietly);
        w.containers().forEach(runtime::stop);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "stop container: " + e.getMessage());
        }
    }

    private static String key(Pod p) {
        return p.getMetadata().getNamespace() + "/" + p.getMetadata().getName();
    }

    /**
     * Stops what the agent serves itself and lets go of the runtime (the in-process one stops every container; a
     * runtime process keeps them). Namespaces and addresses stay: the lab's teardown removes all namespaces in one
     * batch, which is much faster than one by one, and a restarted agent adopts them.
     */
    @Override
    public synchronized void close() {
        for (Wired w : wired.values()) {
            w.specials().forEach(PodSync::closeQuietly);
        }
        wired.clear();
        runtime.close();
    }
}
