package dev.podwire.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.podwire.net.Cidr;
import dev.podwire.net.Ipv4;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import dev.podwire.net.Protocol;

class ProxySnapshotsTest {
    static Service kubeDns() {
        return new ServiceBuilder().withNewMetadata().withNamespace("kube-system").withName("kube-dns").endMetadata()
                .withNewSpec().withClusterIP("10.96.0.10")
                .addNewPort().withName("dns").withPort(53).withProtocol("UDP").withTargetPort(new IntOrString(53))
                .endPort()
                .addNewPort().withName("metrics").withPort(9153).withProtocol("TCP")
                .withTargetPort(new IntOrString("metrics")).endPort()
                .endSpec().build();
    }

    static EndpointSlice dnsSlice() {
        return new EndpointSliceBuilder().withNewMetadata().withNamespace("kube-system").withName("kube-dns-abc")
                .addToLabels("kubernetes.io/service-name", "kube-dns").endMetadata()
                .withAddressType("IPv4")
                .addNewEndpoint().withAddresses("10.244.0.3").withNodeName("master").withNewConditions()
                .withReady(true).endConditions().endEndpoint()
                .addNewEndpoint().withAddresses("10.244.0.2").withNodeName("master").endEndpoint()
                .addNewEndpoint().withAddresses("10.244.1.9").withNodeName("worker").withNewConditions()
                .withReady(false).withServing(true).withTerminating(true).endConditions().endEndpoint()
                // The named targetPort "metrics" arrives resolved as 9153 in the slice.
                .addNewPort().withName("metrics").withPort(9153).withProtocol("TCP").endPort()
                .addNewPort().withName("dns").withPort(53).withProtocol("UDP").endPort()
                .build();
    }

    @Test
    void matchesSlicePortsToServicePortsByNameAndSortsEndpoints() {
        ProxySnapshot s = ProxySnapshots.from(List.of(kubeDns()), List.of(dnsSlice()), "master",
                List.of(Ipv4.parse("192.168.31.201")), ProxyOptions.of(Cidr.parse("10.244.0.0/16")));
        ServicePortName metrics = new ServicePortName("kube-system", "kube-dns", "metrics", Protocol.TCP);
        assertEquals(List.of("kube-system/kube-dns:dns", "kube-system/kube-dns:metrics"),
                s.services().stream().map(i -> i.name().toString()).toList());
        assertEquals("metrics", s.services().get(1).targetPort());
        assertEquals(List.of(EndpointInfo.ready(Ipv4.parse("10.244.0.2"), 9153, "master"),
                EndpointInfo.ready(Ipv4.parse("10.244.0.3"), 9153, "master"),
                new EndpointInfo(Ipv4.parse("10.244.1.9"), 9153, false, true, true, Optional.of("worker"))),
                s.endpointsOf(metrics));
        assertEquals(Optional.of(Cidr.parse("10.244.0.0/16")), s.clusterCidr());
    }

    @Test
    void readsNodePortLoadBalancerAffinityAndPoliciesAndSkipsHeadless() {
        Service lb = new ServiceBuilder().withNewMetadata().withNamespace("ns5").withName("svc5").endMetadata()
                .withNewSpec().withType("LoadBalancer").withClusterIP("172.30.0.45").withExternalTrafficPolicy("Local")
                .withHealthCheckNodePort(30000).withLoadBalancerSourceRanges(" 203.0.113.0/25")
                .withSessionAffinity("ClientIP").withNewSessionAffinityConfig().withNewClientIP()
                .withTimeoutSeconds(60).endClientIP().endSessionAffinityConfig()
                .addNewPort().withName("p80").withPort(80).withNodePort(3002).endPort().endSpec()
                .withNewStatus().withNewLoadBalancer().addNewIngress().withIp("5.6.7.8").endIngress().endLoadBalancer()
                .endStatus().build();
        Service headless = new ServiceBuilder().withNewMetadata().withName("db").endMetadata().withNewSpec()
                .withClusterIP("None").addNewPort().withPort(5432).endPort().endSpec().build();
        ProxySnapshot s = ProxySnapshots.from(List.of(lb, headless), List.of(), "n", List.of(),
                new ProxyOptions(Optional.empty(), true, 14));
        ServiceInfo i = s.services().getFirst();
        assertEquals(1, s.services().size());
        assertEquals(ServiceType.LOAD_BALANCER, i.type());
        assertEquals(OptionalInt.of(3002), i.nodePort());
        assertEquals(List.of(Ipv4.parse("5.6.7.8")), i.loadBalancerIps());
        assertEquals(List.of(Cidr.parse("203.0.113.0/25")), i.loadBalancerSourceRanges());
        assertEquals(new SessionAffinity.ClientIp(60), i.sessionAffinity());
        assertEquals(TrafficPolicy.LOCAL, i.externalTrafficPolicy());
        assertEquals(OptionalInt.of(30000), i.healthCheckNodePort());
        assertEquals("ns5/svc5:p80", i.name().toString());
        assertEquals(true, s.masqueradeAll());
    }
}
