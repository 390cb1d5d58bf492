package dev.podwire.control;

import dev.podwire.cluster.ClusterStore;
import dev.podwire.cluster.ResourceType;
import dev.podwire.datastore.FakeClock;
import dev.podwire.datastore.InMemoryDatastore;
import dev.podwire.net.Cidr;
import dev.podwire.net.Ipv4;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Seed 000's two nodes (hostgw-master 192.168.31.201 with 10.244.0.0/24, control plane; hostgw-node
 * 192.168.31.202 with 10.244.1.0/24) on an in-memory store with a fake clock and seeded randomness, plus a stand-in
 * for the node agents (binds addresses, finalizes deletions).
 */
final class LabCluster {
    final FakeClock clock = FakeClock.standard();
    final InMemoryDatastore datastore = new InMemoryDatastore(clock);
    final ClusterStore store = new ClusterStore(datastore, clock, new SplittableRandom(1));
    final ControlPlane controlPlane = new ControlPlane(store, new SplittableRandom(2));
    private int nextIp = 2;

    LabCluster() {
        NodeLifecycle nodes = new NodeLifecycle(store);
        nodes.register(NodeRegistration.of("hostgw-master", Ipv4.parse("192.168.31.201"),
                List.of(Cidr.parse("10.244.0.0/24")), true, "6.8.0-45-generic")).orThrow();
        nodes.register(NodeRegistration.of("hostgw-node", Ipv4.parse("192.168.31.202"),
                List.of(Cidr.parse("10.244.1.0/24")), false, "6.8.0-45-generic")).orThrow();
    }

    static Deployment nginx(int replicas, String image) {
        return new DeploymentBuilder().withNewMetadata().withName("nginx-deployment").addToLabels("app", "nginx")
                .endMetadata().withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", "nginx")
                .endSelector().withNewTemplate().withNewMetadata().addToLabels("app", "nginx").endMetadata()
                .withNewSpec().addNewContainer().withName("nginx").withImage(image).addNewPort()
                .withContainerPort(80).endPort().endContainer().endSpec().endTemplate().endSpec().build();
    }

    /** What the node agents would do: start bound pods and remove torn-down ones. */
    void runAgents() {
        for (Pod pod : store.list(ResourceType.POD)) {
            String ns = pod.getMetadata().getNamespace();
            String name = pod.getMetadata().getName();
            if (pod.getMetadata().getDeletionTimestamp() != null) {
                store.finalizePodDeletion(ns, name);
            } else if (pod.getSpec().getNodeName() != null && !"Running".equals(pod.getStatus().getPhase())) {
                boolean master = pod.getSpec().getNodeName().equals("hostgw-master");
                store.markPodRunning(ns, name, Ipv4.parse((master ? "10.244.0." : "10.244.1.") + nextIp++),
                        Ipv4.parse(master ? "192.168.31.201" : "192.168.31.202"), clock.instant()).orThrow();
            }
        }
    }

    List<Pod> activePods() {
        return store.list(ResourceType.POD).stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    Map<String, Integer> podsPerNode() {
        Map<String, Integer> counts = new TreeMap<>();
        activePods().forEach(p -> counts.merge(String.valueOf(p.getSpec().getNodeName()), 1, Integer::sum));
        return counts;
    }
}
