package dev.podwire.control;

import dev.podwire.golden.Golden;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.podwire.cluster.ResourceType;
import dev.podwire.cluster.TableStyle;
import dev.podwire.cluster.Tables;
import dev.podwire.net.Cidr;
import dev.podwire.net.Ipv4;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seed 001 on seed 000's two nodes: httpd (4 pods) behind httpd-svc (8080 → 80), myhttpd-svc as NodePort 30000,
 * kube-dns (53/UDP, 53/TCP, 9153/TCP, no pods), a LoadBalancer with externalTrafficPolicy Local served from the
 * pool 192.168.31.240/29 and the kubernetes service; tables 87 seconds after creation.
 */
class ServiceTablesTest {
    private static final String SCENARIO = "httpd-services";
    private final LabCluster lab = new LabCluster();
    private final ControlPlane control = new ControlPlane(lab.store, new SplittableRandom(11), new ServiceOptions(
            Cidr.parse("10.96.0.0/12"), Ipv4.parse("10.96.0.10"), Optional.of(Cidr.parse("192.168.31.240/29"))));

    private void admit(Service s) {
        assertInstanceOf(Admission.Admitted.class, control.admission().apply(s));
    }

    private void build() {
        control.ensureKubernetesService(Ipv4.parse("192.168.31.201"));
        lab.store.create(EndpointSliceControllerTest.httpd(4)).orThrow();
        admit(EndpointSliceControllerTest.httpdSvc(new IntOrString(80)));
        Service nodePort = EndpointSliceControllerTest.httpdSvc(new IntOrString(80));
        nodePort.getMetadata().setName("myhttpd-svc");
        nodePort.getSpec().setType("NodePort");
        nodePort.getSpec().getPorts().getFirst().setNodePort(30000);
        admit(nodePort);
        admit(new ServiceBuilder().withNewMetadata().withName("kube-dns").withNamespace("kube-system")
                .addToLabels("k8s-app", "kube-dns").addToAnnotations("prometheus.io/port", "9153").endMetadata()
                .withNewSpec().withClusterIP("10.96.0.10").addToSelector("k8s-app", "kube-dns")
                .addNewPort().withName("dns").withPort(53).withProtocol("UDP").withTargetPort(new IntOrString(53)).endPort()
                .addNewPort().withName("dns-tcp").withPort(53).withProtocol("TCP").endPort()
                .addNewPort().withName("metrics").withPort(9153).withProtocol("TCP").endPort().endSpec().build());
        Service lb = EndpointSliceControllerTest.httpdSvc(new IntOrString("http"));
        lb.getMetadata().setName("httpd-lb");
        lb.getSpec().setType("LoadBalancer");
        lb.getSpec().setExternalTrafficPolicy("Local");
        admit(lb);
        Service pending = EndpointSliceControllerTest.httpdSvc(new IntOrString(80));
        pending.getMetadata().setName("httpd-pending");
        pending.getSpec().setType("LoadBalancer");
        pending.getSpec().setAllocateLoadBalancerNodePorts(false);
        for (int i = 0; i < 3; i++) {
            control.syncOnce();
            lab.runAgents();
        }
        control.syncOnce();
        // Admitted after the last sync: the LoadBalancer controller has not served it yet, so it is <pending>.
        admit(pending);
        lab.clock.advance(Duration.ofSeconds(87));
    }

    @Test
    void getServicesEndpointsAndSlicesMatchGoldenTables() {
        build();
        var now = lab.clock.instant();
        Golden.assertGolden("dev/podwire/control/" + SCENARIO, "services-all-namespaces.txt",
                Tables.render(ResourceType.SERVICE, lab.store.list(ResourceType.SERVICE), TableStyle.ALL_NAMESPACES,
                        now));
        Golden.assertGolden("dev/podwire/control/" + SCENARIO, "endpoints.txt",
                Tables.render(ResourceType.ENDPOINTS, lab.store.list(ResourceType.ENDPOINTS, "default"),
                        TableStyle.NORMAL, now));
        Golden.assertGolden("dev/podwire/control/" + SCENARIO, "endpointslices-all-namespaces.txt",
                Tables.render(ResourceType.ENDPOINT_SLICE, lab.store.list(ResourceType.ENDPOINT_SLICE),
                        TableStyle.ALL_NAMESPACES, now));
    }

    @Test
    void describeServicesMatchGoldenText() {
        build();
        for (String name : List.of("default/httpd-svc", "default/myhttpd-svc", "default/httpd-lb", "default/kubernetes",
                "kube-system/kube-dns")) {
            String[] ns = name.split("/");
            Service s = lab.store.get(ResourceType.SERVICE, ns[0], ns[1]).orElseThrow();
            Golden.assertGolden("dev/podwire/control/" + SCENARIO, "describe-" + ns[1] + ".txt",
                    Tables.describeService(s, slices(ns[0], ns[1])));
        }
        Service noSlices = lab.store.get(ResourceType.SERVICE, "default", "httpd-pending").orElseThrow();
        assertEquals(List.of("Endpoints: <none>"), Tables.describeService(noSlices, List.of()).lines()
                .filter(l -> l.startsWith("Endpoints:")).map(l -> l.replaceAll(" +", " ")).toList());
    }

    private List<EndpointSlice> slices(String namespace, String service) {
        return lab.store.list(ResourceType.ENDPOINT_SLICE, namespace).stream()
                .filter(s -> service.equals(s.getMetadata().getLabels().get("kubernetes.io/service-name"))).toList();
    }
}
