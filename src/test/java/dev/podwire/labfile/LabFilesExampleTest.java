package dev.podwire.labfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podwire.cluster.KindRegistry;
import dev.podwire.net.Cidr;
import dev.podwire.net.IfName;
import dev.podwire.net.Ipv4;
import dev.podwire.subnet.BackendConfig;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LabFilesExampleTest {
    private static final Path SEED = Path.of("examples/seed-000-hostgw.yaml");

    @Test
    void seedExampleLoadsAsTheSeedDescribes() {
        LabDocuments docs = LabFiles.load(List.of(SEED), KindRegistry.DEFAULT.all());
        LabSpec lab = docs.lab();
        assertEquals("hostgw", lab.name());
        assertEquals(List.of(new SegmentSpec("lan", Cidr.parse("192.168.31.0/24"),
                Optional.of(Ipv4.parse("192.168.31.1")))), lab.underlay().segments());
        assertEquals(1500, lab.underlay().mtu());
        assertEquals(List.of("hostgw-master", "hostgw-node"), lab.nodes().stream().map(NodeSpec::name).toList());
        assertEquals(IfName.of("ens33"), lab.nodes().get(1).iface());
        assertEquals(Ipv4.parse("192.168.31.202"), lab.nodes().get(1).address());
        assertEquals(Cidr.parse("10.244.0.0/16"), lab.podNetwork().network());
        assertEquals(24, lab.podNetwork().subnetLen());
        assertTrue(lab.podNetwork().backend() instanceof BackendConfig.HostGw);
        assertEquals(FlannelOptions.defaults(), lab.flannel());
        assertEquals(Cidr.parse("10.96.0.0/12"), lab.serviceCidr());
        assertEquals(ProxyMode.IPTABLES, lab.kubeProxy().mode());
        assertEquals(Duration.ofSeconds(30), lab.kubeProxy().active().syncPeriod());
        assertEquals(0x4000, lab.kubeProxy().active().masqueradeMark());
        assertEquals(Ipv4.parse("10.96.0.10"), lab.dns().clusterIp());
        assertEquals(List.of(), docs.warnings());

        assertEquals(2, docs.objects().size());
        Deployment d = (Deployment) docs.objects().get(0);
        assertEquals("nginx-deployment", d.getMetadata().getName());
        assertEquals("default", d.getMetadata().getNamespace());
        assertEquals(3, d.getSpec().getReplicas());
        assertEquals("nginx:1.14.2", d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
        assertEquals(80, d.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts().get(0)
                .getContainerPort());
        Service s = (Service) docs.objects().get(1);
        assertEquals("my-service", s.getMetadata().getName());
        assertEquals(80, s.getSpec().getPorts().get(0).getPort());
    }
}
