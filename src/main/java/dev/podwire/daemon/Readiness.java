package dev.podwire.daemon;

import dev.podwire.agent.NodeAgent;
import dev.podwire.cluster.ResourceType;
import dev.podwire.net.Ipv4;
import dev.podwire.net.Netns;
import dev.podwire.workload.Probe;
import dev.podwire.workload.ProbeResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Decides when a lab is ready: every pod the workloads ask for is running, and real connections cross the network —
 * from a pod on another node (host-gw routes, cni0, the pod's veth) to each pod's first TCP port.
 */
final class Readiness {
    private final LabRuntime runtime;

    Readiness(LabRuntime runtime) {
        this.runtime = runtime;
    }

    /** Waits until all wanted pods run; {@return a progress line} */
    String awaitPods(Duration timeout, Consumer<String> progress) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        long t0 = System.nanoTime();
        int lastReported = -1;
        while (true) {
            int wanted = wanted();
            List<Pod> pods = pods().stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                    .toList();
            long running = pods.stream().filter(Readiness::running).count();
            if (running == wanted && pods.size() == wanted) {
                return "pods: " + running + "/" + wanted + " running (" + LabRuntime.ms(t0) + ")";
            }
            for (Map.Entry<String, NodeAgent> a : runtime.agents().entrySet()) {
                Optional<String> err = a.getValue().lastError();
                if (err.isPresent() && Instant.now().isAfter(deadline.minus(timeout).plusSeconds(10))) {
                    throw new IllegalStateException("node " + a.getKey() + " cannot wire its pods: " + err.get());
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("pods: only " + running + " of " + wanted + " running after "
                        + timeout.toSeconds() + " s");
            }
            if ((int) running != lastReported && running > 0) {
                progress.accept("  pods: " + running + "/" + wanted + " running");
                lastReported = (int) running;
            }
            Thread.sleep(50);
        }
    }

    /** Proves traffic flows to every pod; {@return a progress line} */
    String probeTraffic() throws InterruptedException {
        long t0 = System.nanoTime();
        List<Pod> pods = pods().stream().filter(Readiness::running).toList();
        List<String> failures = new ArrayList<>();
        int probes = 0;
        for (Pod target : pods) {
            Optional<Integer> port = firstTcpPort(target);
            if (port.isEmpty()) {
                continue;
            }
            Netns from = source(target, pods);
            Ipv4 ip = Ipv4.parse(target.getStatus().getPodIP());
            probes++;
            ProbeResult r = new ProbeResult.TimedOut();
            for (int attempt = 0; attempt < 20; attempt++) {
                r = Probe.tcpConnect(from, ip, port.get(), Duration.ofSeconds(2));
                if (r instanceof ProbeResult.Connected) {
                    break;
                }
                Thread.sleep(100);
            }
            if (!(r instanceof ProbeResult.Connected)) {
                failures.add(from.name() + " -> " + ip + ":" + port.get() + " " + r);
            }
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("traffic does not flow: " + String.join("; ", failures));
        }
        return "traffic: " + probes + "/" + probes + " pods answered TCP from another node (" + LabRuntime.ms(t0)
                + ")";
    }

    private Netns source(Pod target, List<Pod> pods) {
        String node = target.getSpec().getNodeName();
        // Prefer a pod on another node: that crosses the pod network the way users' traffic does.
        return pods.stream().filter(p -> !node.equals(p.getSpec().getNodeName())).findFirst()
                .map(p -> runtime.names().pod(p.getMetadata().getNamespace(), p.getMetadata().getName()))
                .orElseGet(() -> runtime.names().machine(node));
    }

    private static Optional<Integer> firstTcpPort(Pod p) {
        for (Container c : p.getSpec().getContainers()) {
            if (c.getCommand() != null && !c.getCommand().isEmpty()) {
                continue;
            }
            for (ContainerPort cp : Optional.ofNullable(c.getPorts()).orElse(List.of())) {
                if (cp.getProtocol() == null || cp.getProtocol().equals("TCP")) {
                    return Optional.of(cp.getContainerPort());
                }
            }
        }
        return Optional.empty();
    }

    static boolean running(Pod p) {
        return p.getStatus() != null && "Running".equals(p.getStatus().getPhase()) && p.getStatus().getPodIP() != null
                && p.getMetadata().getDeletionTimestamp() == null;
    }

    private List<Pod> pods() {
        return runtime.cluster().list(ResourceType.POD);
    }

    private int wanted() {
        int n = 0;
        for (Deployment d : runtime.cluster().list(ResourceType.DEPLOYMENT)) {
            n += Optional.ofNullable(d.getSpec().getReplicas()).orElse(1);
        }
        for (ReplicaSet rs : runtime.cluster().list(ResourceType.REPLICA_SET)) {
            boolean owned = rs.getMetadata().getOwnerReferences() != null
                    && !rs.getMetadata().getOwnerReferences().isEmpty();
            if (!owned) {
                n += Optional.ofNullable(rs.getSpec().getReplicas()).orElse(1);
            }
        }
        for (Pod p : pods()) {
            boolean owned = p.getMetadata().getOwnerReferences() != null
                    && !p.getMetadata().getOwnerReferences().isEmpty();
            if (!owned && p.getMetadata().getDeletionTimestamp() == null) {
                n++;
            }
        }
        return n;
    }
}
