package dev.podwire.cluster;

import dev.podwire.datastore.FakeClock;
import dev.podwire.datastore.InMemoryDatastore;
import dev.podwire.net.Ipv4;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * The two-node flannel host-gw cluster of seed 000 as the store holds it: hostgw-master (192.168.31.201,
 * 10.244.0.0/24, control plane) and hostgw-node (192.168.31.202, 10.244.1.0/24); kube-system with coredns and
 * kube-dns since 15h; nginx-deployment (3 replicas, 2 on hostgw-node, 1 on hostgw-master) 87s old; my-service
 * 2m20s old.
 */
final class SeedCluster {
    final FakeClock clock = new FakeClock(Instant.parse("2024-05-01T10:00:00Z"));
    final ClusterStore store = new ClusterStore(new InMemoryDatastore(clock), clock, new SplittableRandom(7));

    SeedCluster() {
        store.create(new NamespaceBuilder().withNewMetadata().withName("default").endMetadata().build()).orThrow();
        store.create(new NamespaceBuilder().withNewMetadata().withName("kube-system").endMetadata().build()).orThrow();
        store.create(node("hostgw-master", "192.168.31.201", true)).orThrow();
        store.create(node("hostgw-node", "192.168.31.202", false)).orThrow();
        store.create(service("default", "kubernetes", "10.96.0.1", 443, "TCP", null)).orThrow();
        var dns = service("kube-system", "kube-dns", "10.96.0.10", 53, "UDP", "kube-dns");
        dns.getSpec().getPorts().add(new io.fabric8.kubernetes.api.model.ServicePortBuilder()
                .withName("dns-tcp").withPort(53).withProtocol("TCP").build());
        dns.getSpec().getPorts().add(new io.fabric8.kubernetes.api.model.ServicePortBuilder()
                .withName("metrics").withPort(9153).withProtocol("TCP").build());
        store.create(dns).orThrow();
        runningPod("kube-system", "coredns-5644d7b6d9-8qxfv", "coredns", "10.244.0.3", "hostgw-master");
        runningPod("kube-system", "coredns-5644d7b6d9-xx6mc", "coredns", "10.244.0.2", "hostgw-master");
        clock.advance(Duration.ofHours(15).minusSeconds(140));
        store.create(service("default", "my-service", "10.103.92.81", 80, "TCP", "nginx")).orThrow();
        clock.advance(Duration.ofSeconds(140 - 87));
        var deployment = ClusterStoreTest.nginx(3);
        store.create(deployment).orThrow();
        store.create(new ReplicaSetBuilder().withNewMetadata().withName("nginx-deployment-574b87c764")
                .addToLabels("app", "nginx").addToLabels("pod-template-hash", "574b87c764").endMetadata()
                .withNewSpec().withReplicas(3).withNewSelector().addToMatchLabels("app", "nginx")
                .addToMatchLabels("pod-template-hash", "574b87c764").endSelector()
                .withTemplate(deployment.getSpec().getTemplate()).endSpec()
                .withStatus(new ReplicaSetStatusBuilder().withReplicas(3).withReadyReplicas(3)
                        .withAvailableReplicas(3).build())
                .build()).orThrow();
        store.modify(ResourceType.DEPLOYMENT, "default", "nginx-deployment", d -> {
            d.setStatus(new DeploymentStatusBuilder().withReplicas(3).withReadyReplicas(3).withUpdatedReplicas(3)
                    .withAvailableReplicas(3).build());
            return d;
        }).orThrow();
        runningPod("default", "nginx-deployment-574b87c764-4k7xw", "nginx", "10.244.1.2", "hostgw-node");
        runningPod("default", "nginx-deployment-574b87c764-j6zwk", "nginx", "10.244.1.3", "hostgw-node");
        runningPod("default", "nginx-deployment-574b87c764-th5pz", "nginx", "10.244.0.4", "hostgw-master");
        clock.advance(Duration.ofSeconds(87));
    }

    Instant now() {
        return clock.instant();
    }

    private void runningPod(String ns, String name, String image, String ip, String node) {
        var pod = new PodBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata().withNewSpec()
                .withNodeName(node).addNewContainer().withName(image).withImage(image).endContainer().endSpec().build();
        store.create(pod).orThrow();
        String hostIp = node.equals("hostgw-master") ? "192.168.31.201" : "192.168.31.202";
        store.markPodRunning(ns, name, Ipv4.parse(ip), Ipv4.parse(hostIp), clock.instant()).orThrow();
    }

    private static io.fabric8.kubernetes.api.model.Service service(
            String ns, String name, String clusterIp, int port, String protocol, String selectorApp) {
        var builder = new ServiceBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata()
                .withNewSpec().withType("ClusterIP").withClusterIP(clusterIp).addNewPort().withPort(port)
                .withProtocol(protocol).endPort();
        if (selectorApp != null) {
            builder = builder.addToSelector(selectorApp.equals("kube-dns") ? "k8s-app" : "app", selectorApp);
        }
        return builder.endSpec().build();
    }

    static Node node(String name, String ip, boolean controlPlane) {
        var builder = new NodeBuilder().withNewMetadata().withName(name).addToLabels("kubernetes.io/hostname", name);
        if (controlPlane) {
            builder = builder.addToLabels("node-role.kubernetes.io/control-plane", "");
        }
        return builder.endMetadata().withNewStatus().addNewAddress().withType("InternalIP").withAddress(ip)
                .endAddress().addNewCondition().withType("Ready").withStatus("True").endCondition().withNewNodeInfo()
                .withKubeletVersion("v1.33.0").withOsImage("CentOS Linux 7 (Core)")
                .withKernelVersion("3.10.0-1062.el7.x86_64").withContainerRuntimeVersion("docker://19.3.5")
                .withOperatingSystem("linux").withArchitecture("amd64").endNodeInfo().endStatus().build();
    }
}
