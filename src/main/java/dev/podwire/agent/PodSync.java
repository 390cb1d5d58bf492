package dev.podwire.agent;

import dev.podwire.cni.CniReconciler;
import dev.podwire.cni.PodWiring;
import dev.podwire.exec.InteractiveExec;
import dev.podwire.lab.ProcessRef;
import dev.podwire.net.Cidr;
import dev.podwire.net.Ipv4;
import dev.podwire.net.Netns;
import dev.podwire.workload.PortSpec;
import dev.podwire.workload.Protocol;
import dev.podwire.workload.Workload;
import dev.podwire.workload.WorkloadSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Keeps a node's pods wired as kubelet + CNI would: new pods get an address, a namespace, a veth on {@code cni0},
 * kubelet's {@code resolv.conf}/{@code hosts}, and their containers (built-in servers, or a host program for a
 * container with a {@code command}); pods marked for deletion lose all of it and are then removed from the store.
 */
final class PodSync implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PodSync.class.getName());

    /** What is running for one pod. */
    private record Wired(String uid, PodWiring wiring, List<AutoCloseable> workloads, List<ProcessHandle> processes) {}

    private final NodeContext ctx;
    private final CniReconciler cni;
    private final Ipam ipam;
    private final Map<String, Wired> wired = new LinkedHashMap<>();

    PodSync(NodeContext ctx, CniReconciler cni, Ipam ipam) {
        this.ctx = ctx;
        this.cni = cni;
        this.ipam = ipam;
    }

    /** Brings the node's pods in line with the store; {@return how many pods changed} */
    int sync(List<Pod> mine, Cidr subnet, int mtu) {
        Map<String, Pod> desired = new LinkedHashMap<>();
        for (Pod p : mine) {
            desired.put(key(p), p);
        }
        int changes = 0;
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
                ctx.cluster().finalizePodDeletion(p.getMetadata().getNamespace(), p.getMetadata().getName());
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
    Map<Netns, Ipv4> pods() {
        Map<Netns, Ipv4> out = new LinkedHashMap<>();
        wired.values().forEach(w -> out.put(w.wiring().pod(), w.wiring().ip()));
        return out;
    }

    private void wire(List<Pod> pods, Cidr subnet, int mtu) {
        Cidr network = ctx.lab().podNetwork().network();
        List<PodWiring> wirings = new ArrayList<>();
        try {
            for (Pod p : pods) {
                String ns = p.getMetadata().getNamespace();
                String name = p.getMetadata().getName();
                Ipv4 ip = ipam.allocate(ctx.names().containerId(ns, name));
                wirings.add(new PodWiring(ctx.netns(), ctx.names().pod(ns, name), ctx.names().podVeth(ns, name), ip,
                        subnet, network, mtu));
            }
            cni.add(wirings);
        } catch (RuntimeException e) {
            // Nothing half-built stays: namespaces made so far go, addresses go back to the pool.
            for (int i = 0; i < wirings.size(); i++) {
                cni.remove(wirings.get(i).pod());
            }
            pods.forEach(p -> ipam.release(ctx.names().containerId(p.getMetadata().getNamespace(),
                    p.getMetadata().getName())));
            throw e;
        }
        // Each pod's containers start on their own: one that cannot start (a port taken twice, a missing program)
        // is torn down again and reported, and does not keep the others from running.
        RuntimeException first = null;
        for (int i = 0; i < pods.size(); i++) {
            Pod p = pods.get(i);
            PodWiring w = wirings.get(i);
            Wired entry = new Wired(p.getMetadata().getUid(), w, new ArrayList<>(), new ArrayList<>());
            wired.put(key(p), entry);
            try {
                writeEtcFiles(p, w);
                startContainers(p, w, entry);
                ctx.cluster().markPodRunning(p.getMetadata().getNamespace(), p.getMetadata().getName(), w.ip(),
                        ctx.node().address(), ctx.clock().instant());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "pod failed to start pod=" + key(p) + ": " + e.getMessage());
                teardown(key(p));
                first = first == null ? new IllegalStateException("start pod " + key(p) + ": " + e.getMessage(), e)
                        : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private void startContainers(Pod p, PodWiring w, Wired entry) {
        for (Container c : p.getSpec().getContainers()) {
            Optional<AutoCloseable> special = ctx.images().start(w.pod(), p, c);
            if (special.isPresent()) {
                entry.workloads().add(special.get());
            } else if (c.getCommand() != null && !c.getCommand().isEmpty()) {
                entry.processes().add(startCommand(w.pod(), p, c));
            } else {
                entry.workloads().add(Workload.start(w.pod(), new WorkloadSpec(p.getMetadata().getName(),
                        p.getMetadata().getNamespace(), Optional.ofNullable(c.getImage()).orElse(""), ports(c))));
            }
        }
    }
    private ProcessHandle startCommand(Netns pod, Pod p, Container c) {
        List<String> argv = new ArrayList<>(c.getCommand());
        if (c.getArgs() != null) {
            argv.addAll(c.getArgs());
        }
        Path log = ctx.root().resolve("var/log/pods/" + p.getMetadata().getNamespace() + "_"
                + p.getMetadata().getName() + "/" + c.getName() + ".log");
        try {
            Files.createDirectories(log.getParent());
            ProcessHandle h = InteractiveExec.spawnDetached(withArgv(pod, argv), log);
            ctx.processes().accept(ProcessRef.of(h));
            return h;
        } catch (IOException e) {
            throw new UncheckedIOException("start container " + c.getName() + " of pod " + key(p), e);
        }
    }

    private static List<String> withArgv(Netns pod, List<String> argv) {
        List<String> out = new ArrayList<>(List.of("ip", "netns", "exec", pod.name()));
        out.addAll(argv);
        return out;
    }

    private void writeEtcFiles(Pod p, PodWiring w) {
        Path etc = Path.of("/etc/netns", w.pod().name());
        try {
            Files.createDirectories(etc);
            Files.writeString(etc.resolve("resolv.conf"), PodFiles.resolvConf(p, ctx.lab().dns().clusterDomain(),
                    ctx.lab().dns().clusterIp().toString(), nodeResolvConf()));
            Files.writeString(etc.resolve("hosts"), PodFiles.hosts(p, w.ip().toString(),
                    ctx.lab().dns().clusterDomain()));
        } catch (IOException e) {
            throw new UncheckedIOException("write /etc/netns files of pod " + key(p), e);
        }
    }

    /** {@return the node's resolver configuration: lab nodes resolve as the machine they run on does} */
    private static String nodeResolvConf() {
        try {
            return Files.readString(Path.of("/etc/resolv.conf"));
        } catch (IOException e) {
            return "";
        }
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
        // Sockets first: a namespace with open sockets outlives `ip netns del` and keeps its links.
        w.workloads().forEach(PodSync::closeQuietly);
        w.processes().forEach(PodSync::stop);
        // Only forgotten once everything is gone: a failure here leaves the pod to be torn down on the next pass.
        cni.remove(w.wiring().pod());
        String[] parts = k.split("/", 2);
        ipam.release(ctx.names().containerId(parts[0], parts[1]));
        deleteEtc(w.wiring().pod());
        wired.remove(k);
        LOG.log(System.Logger.Level.INFO, "pod removed pod=" + k + " ip=" + w.wiring().ip());
    }

    /** Ends a container's process and everything it started. */
    private static void stop(ProcessHandle h) {
        h.descendants().forEach(ProcessHandle::destroy);
        h.destroy();
    }

    private static void deleteEtc(Netns pod) {
        Path etc = Path.of("/etc/netns", pod.name());
        try {
            for (String f : List.of("resolv.conf", "hosts")) {
                Files.deleteIfExists(etc.resolve(f));
            }
            Files.deleteIfExists(etc);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "remove " + etc + ": " + e.getMessage());
        }
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
     * Stops every pod's containers but leaves namespaces and addresses in place: the lab's teardown removes all
     * namespaces in one batch, which is much faster than one by one.
     */
    @Override
    public void close() {
        for (Wired w : wired.values()) {
            w.workloads().forEach(PodSync::closeQuietly);
            w.processes().forEach(PodSync::stop);
        }
        wired.clear();
    }
}
