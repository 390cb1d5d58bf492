package dev.podwire.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podwire.cluster.ClusterStore;
import dev.podwire.cluster.ResourceType;
import dev.podwire.datastore.FakeClock;
import dev.podwire.datastore.InMemoryDatastore;
import dev.podwire.net.Cidr;
import dev.podwire.net.Ipv4;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ServiceAdmissionTest {
    private final FakeClock clock = FakeClock.standard();
    private final ClusterStore store = new ClusterStore(new InMemoryDatastore(clock), clock, new SplittableRandom(1));
    private final ServiceAdmission admission =
            new ServiceAdmission(store, ServiceOptions.kubeadmDefaults(), new SplittableRandom(3));

    static Service svc(String name, String type, String clusterIp, Integer nodePort) {
        return new ServiceBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withType(type).withClusterIP(clusterIp).addToSelector("run", "httpd")
                .addNewPort().withPort(8080).withTargetPort(new IntOrString(80)).withNodePort(nodePort).endPort()
                .endSpec().build();
    }

    private Service admitted(Service s) {
        return assertInstanceOf(Admission.Admitted.class, admission.apply(s)).service();
    }

    private String rejected(Service s) {
        return assertInstanceOf(Admission.Rejected.class, admission.apply(s)).message();
    }

    @Test
    void allocatesARandomClusterIpFromTheUpperBandAndFillsApiserverDefaults() {
        Service s = admitted(svc("httpd-svc", null, null, null));
        Ipv4 ip = Ipv4.parse(s.getSpec().getClusterIP());
        Cidr cidr = Cidr.parse("10.96.0.0/12");
        assertTrue(cidr.contains(ip));
        assertTrue(ip.unsigned() - cidr.address().unsigned() > 256, "dynamic IPs come from above the static band");
        assertEquals(List.of(ip.toString()), s.getSpec().getClusterIPs());
        assertEquals("ClusterIP", s.getSpec().getType());
        assertEquals("None", s.getSpec().getSessionAffinity());
        assertEquals(List.of("IPv4"), s.getSpec().getIpFamilies());
        assertEquals("SingleStack", s.getSpec().getIpFamilyPolicy());
        assertEquals("Cluster", s.getSpec().getInternalTrafficPolicy());
        assertEquals("TCP", s.getSpec().getPorts().getFirst().getProtocol());
        assertNull(s.getSpec().getPorts().getFirst().getNodePort());
        assertEquals(s.getSpec().getClusterIP(),
                store.get(ResourceType.SERVICE, "default", "httpd-svc").orElseThrow().getSpec().getClusterIP());
    }

    @Test
    void honoursARequestedClusterIpAndRejectsItsDuplicate() {
        assertEquals("10.96.0.5", admitted(svc("a", null, "10.96.0.5", null)).getSpec().getClusterIP());
        assertEquals("The Service \"b\" is invalid: spec.clusterIP: Invalid value: \"10.96.0.5\": provided IP is"
                + " already allocated", rejected(svc("b", null, "10.96.0.5", null)));
        assertTrue(store.get(ResourceType.SERVICE, "default", "b").isEmpty(), "a rejected service is not written");
    }

    @Test
    void rejectsOutOfRangeAndNetworkClusterIps() {
        assertEquals("The Service \"a\" is invalid: spec.clusterIP: Invalid value: \"10.112.0.5\": provided IP is not"
                + " in the valid range. The range of valid IPs is 10.96.0.0/12", rejected(svc("a", null, "10.112.0.5", null)));
        assertTrue(rejected(svc("a", null, "10.96.0.0", null)).endsWith("not in the valid range. The range of valid"
                + " IPs is 10.96.0.0/12"));
        assertTrue(rejected(svc("a", null, "bogus", null)).contains("must be a valid IP address"));
    }

    @Test
    void exhaustsASmallRangeAfterItsFreeAddressesSkippingKubernetesAndDns() {
        ServiceAdmission small = new ServiceAdmission(store, new ServiceOptions(Cidr.parse("10.96.0.0/29"),
                Ipv4.parse("10.96.0.2"), Optional.empty()), new SplittableRandom(5));
        Set<String> ips = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            var a = assertInstanceOf(Admission.Admitted.class, small.apply(svc("s" + i, null, null, null)));
            ips.add(a.service().getSpec().getClusterIP());
        }
        assertEquals(Set.of("10.96.0.3", "10.96.0.4", "10.96.0.5", "10.96.0.6"), ips);
        assertEquals("Internal error occurred: failed to allocate a serviceIP: range is full",
                assertInstanceOf(Admission.Rejected.class, small.apply(svc("s4", null, null, null))).message());
        store.delete(ResourceType.SERVICE, "default", "s2");
        assertInstanceOf(Admission.Admitted.class, small.apply(svc("s4", null, null, null)));
    }

    @Test
    void deletingAServiceReleasesItsClusterIpAndNodePort() {
        admitted(svc("a", "NodePort", "10.96.0.5", 30000));
        assertTrue(rejected(svc("b", "NodePort", "10.96.0.5", 30000)).contains("provided IP is already allocated"));
        store.delete(ResourceType.SERVICE, "default", "a");
        Service b = admitted(svc("b", "NodePort", "10.96.0.5", 30000));
        assertEquals(30000, b.getSpec().getPorts().getFirst().getNodePort());
    }

    @Test
    void reapplyKeepsClusterIpAndNodePortButRefusesAChangedClusterIp() {
        Service first = admitted(svc("a", "NodePort", null, null));
        Service again = admitted(svc("a", "NodePort", null, null));
        assertEquals(first.getSpec().getClusterIP(), again.getSpec().getClusterIP());
        assertEquals(first.getSpec().getPorts().getFirst().getNodePort(), again.getSpec().getPorts().getFirst().getNodePort());
        assertEquals("The Service \"a\" is invalid: spec.clusterIP: Invalid value: \"10.96.0.9\": field is immutable",
                rejected(svc("a", "NodePort", "10.96.0.9", null)));
    }

    @Test
    void headlessServiceGetsNoClusterIp() {
        Service s = admitted(svc("db", null, "None", null));
        assertEquals("None", s.getSpec().getClusterIP());
        assertEquals(List.of("None"), s.getSpec().getClusterIPs());
    }

    @Test
    void allocatesNodePortsInRangeAndRejectsDuplicatesAndOutOfRange() {
        int port = admitted(svc("a", "NodePort", null, null)).getSpec().getPorts().getFirst().getNodePort();
        assertTrue(port >= 30086 && port <= 32767, "dynamic node ports come from above the static band: " + port);
        admitted(svc("b", "NodePort", null, 30000));
        assertEquals("The Service \"c\" is invalid: spec.ports[0].nodePort: Invalid value: 30000: provided port is"
                + " already allocated", rejected(svc("c", "NodePort", null, 30000)));
        assertEquals("The Service \"c\" is invalid: spec.ports[0].nodePort: Invalid value: 40000: provided port is not"
                + " in the valid range. The range of valid ports is 30000-32767", rejected(svc("c", "NodePort", null, 40000)));
        assertEquals("The Service \"c\" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when `type` is"
                + " 'ClusterIP'", rejected(svc("c", "ClusterIP", null, 30001)));
    }

    @Test
    void sameNodePortServesUdpAndTcpOfOneService() {
        Service dns = new ServiceBuilder(svc("dns", "NodePort", null, 30053)).editSpec().addNewPort().withName("tcp")
                .withPort(53).withProtocol("UDP").withNodePort(30053).endPort().endSpec().build();
        dns.getSpec().getPorts().getFirst().setName("udp");
        assertEquals(2, admitted(dns).getSpec().getPorts().size());
    }

    @Test
    void loadBalancerWithLocalTrafficPolicyGetsAHealthCheckNodePort() {
        Service lb = svc("lb", "LoadBalancer", null, null);
        lb.getSpec().setExternalTrafficPolicy("Local");
        Service s = admitted(lb);
        int hc = s.getSpec().getHealthCheckNodePort();
        assertTrue(hc >= 30000 && hc <= 32767);
        assertNotEquals(s.getSpec().getPorts().getFirst().getNodePort(), hc);
        assertEquals(hc, admitted(lb).getSpec().getHealthCheckNodePort(), "kept on re-apply");
        assertNull(admitted(svc("cluster", "LoadBalancer", null, null)).getSpec().getHealthCheckNodePort());
        Service taken = svc("other", "LoadBalancer", null, null);
        taken.getSpec().setExternalTrafficPolicy("Local");
        taken.getSpec().setHealthCheckNodePort(hc);
        assertEquals("The Service \"other\" is invalid: spec.healthCheckNodePort: Invalid value: " + hc
                + ": provided port is already allocated", rejected(taken));
    }

    @Test
    void loadBalancerGetsAnIngressAddressFromThePoolOrStaysPending() {
        LabCluster lab = new LabCluster();
        ControlPlane pooled = new ControlPlane(lab.store, new SplittableRandom(9), new ServiceOptions(
                Cidr.parse("10.96.0.0/12"), Ipv4.parse("10.96.0.10"), Optional.of(Cidr.parse("192.168.31.240/29"))));
        assertInstanceOf(Admission.Admitted.class, pooled.admission().apply(svc("lb1", "LoadBalancer", null, null)));
        assertInstanceOf(Admission.Admitted.class, pooled.admission().apply(svc("lb2", "LoadBalancer", null, null)));
        pooled.syncOnce();
        assertEquals("192.168.31.241", ingress(lab.store, "lb1"));
        assertEquals("192.168.31.242", ingress(lab.store, "lb2"));
        pooled.admission().apply(svc("lb1", "NodePort", null, null));
        pooled.syncOnce();
        assertTrue(lab.store.get(ResourceType.SERVICE, "default", "lb1").orElseThrow().getStatus().getLoadBalancer()
                .getIngress().isEmpty(), "no longer a LoadBalancer: address returned");
    }

    private static String ingress(ClusterStore store, String name) {
        return store.get(ResourceType.SERVICE, "default", name).orElseThrow().getStatus().getLoadBalancer().getIngress()
                .getFirst().getIp();
    }
}
