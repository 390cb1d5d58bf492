package dev.podwire.daemon;

import dev.podwire.kubelet.SpecialImages;
import dev.podwire.cluster.ClusterStore;
import dev.podwire.labfile.LabSpec;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.List;
import java.util.Map;

/**
 * Cluster DNS as kubeadm installs it: the {@code kube-dns} Service in kube-system at {@code dns.clusterIP} (53/UDP,
 * 53/TCP, 9153/TCP) in front of a two-replica {@code coredns} Deployment. The coredns containers are served by
 * podwire's own DNS server ({@code dev.podwire.dns}), bound inside each coredns pod's namespace, answering from one
 * live zone that follows the cluster — so queries reach it through kube-proxy's rules, as on a real cluster.
 */
final class ClusterDns implements AutoCloseable {
    /** The image kubeadm deploys; any image whose name contains "coredns" is served by the lab's DNS server. */
    static final String IMAGE = "registry.k8s.io/coredns/coredns:v1.11.3";
    private static final Map<String, String> LABELS = Map.of("k8s-app", "kube-dns");
    private final dev.podwire.kubelet.ClusterDnsImages images;

    private ClusterDns(dev.podwire.kubelet.ClusterDnsImages images) {
        this.images = images;
    }

    /** {@return the zone, started} */
    static ClusterDns start(LabSpec lab, ClusterStore cluster) {
        return new ClusterDns(dev.podwire.kubelet.ClusterDnsImages.start(lab, cluster));
    }

    /** {@return the images hook that runs the DNS server for coredns containers} */
    SpecialImages images() {
        return images;
    }

    /** {@return the kube-dns Service, as kubeadm's manifest defines it} */
    static Service service(LabSpec lab) {
        return new ServiceBuilder().withNewMetadata().withName("kube-dns").withNamespace("kube-system")
                .addToLabels("k8s-app", "kube-dns").addToLabels("kubernetes.io/name", "CoreDNS").endMetadata()
                .withNewSpec().withClusterIP(lab.dns().clusterIp().toString()).withSelector(LABELS)
                .addNewPort().withName("dns").withPort(53).withProtocol("UDP").withTargetPort(new IntOrString(53))
                .endPort()
                .addNewPort().withName("dns-tcp").withPort(53).withProtocol("TCP").withTargetPort(new IntOrString(53))
                .endPort()
                .addNewPort().withName("metrics").withPort(9153).withProtocol("TCP")
                .withTargetPort(new IntOrString(9153)).endPort()
                .endSpec().build();
    }

    /** {@return the coredns Deployment, as kubeadm's manifest defines its ports and labels} */
    static Deployment deployment() {
        return new DeploymentBuilder().withNewMetadata().withName("coredns").withNamespace("kube-system")
                .addToLabels("k8s-app", "kube-dns").endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(LABELS).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(LABELS).endMetadata().withNewSpec()
                .addNewContainer().withName("coredns").withImage(IMAGE)
                .addNewPort().withName("dns").withContainerPort(53).withProtocol("UDP").endPort()
                .addNewPort().withName("dns-tcp").withContainerPort(53).withProtocol("TCP").endPort()
                .addNewPort().withName("metrics").withContainerPort(9153).withProtocol("TCP").endPort()
                .endContainer().endSpec().endTemplate().endSpec().build();
    }

    @Override
    public void close() {
        images.close();
    }

    /** {@return the objects to create at start-up} */
    static List<io.fabric8.kubernetes.api.model.HasMetadata> objects(LabSpec lab) {
        return List.of(service(lab), deployment());
    }
}
