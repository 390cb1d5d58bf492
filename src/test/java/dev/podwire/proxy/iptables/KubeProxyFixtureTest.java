package dev.podwire.proxy.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.podwire.net.Cidr;
import dev.podwire.net.Ipv4;
import dev.podwire.proxy.EndpointInfo;
import dev.podwire.net.Protocol;
import dev.podwire.proxy.ProxySnapshot;
import dev.podwire.proxy.ServiceInfo;
import dev.podwire.proxy.ServicePortName;
import dev.podwire.proxy.ServiceType;
import dev.podwire.proxy.SessionAffinity;
import dev.podwire.proxy.TrafficPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Same input as kube-proxy's TestOverallIPTablesRules gives the same text, hashes included. */
class KubeProxyFixtureTest {
    static final String NODE = "test-node";

    static ServicePortName p80(String ns, String name) {
        return new ServicePortName(ns, name, "p80", Protocol.TCP);
    }

    static EndpointInfo ep(String ip, Optional<String> node) {
        return new EndpointInfo(Ipv4.parse(ip), 80, true, true, false, node);
    }

    /** The six services of TestOverallIPTablesRules. */
    static ProxySnapshot overall() {
        List<ServiceInfo> services = List.of(
                ServiceInfo.of(p80("ns1", "svc1"), Ipv4.parse("172.30.0.41"), 80),
                ServiceInfo.of(p80("ns2", "svc2"), Ipv4.parse("172.30.0.42"), 80).withNodePort(3001)
                        .withLoadBalancer(List.of(Ipv4.parse("1.2.3.4")), List.of())
                        .withExternalIps(List.of(Ipv4.parse("192.168.99.22")))
                        .withTrafficPolicies(TrafficPolicy.LOCAL, TrafficPolicy.CLUSTER)
                        .withHealthCheckNodePort(30000),
                ServiceInfo.of(p80("ns3", "svc3"), Ipv4.parse("172.30.0.43"), 80).withNodePort(3003),
                ServiceInfo.of(p80("ns4", "svc4"), Ipv4.parse("172.30.0.44"), 80).withType(ServiceType.NODE_PORT)
                        .withExternalIps(List.of(Ipv4.parse("192.168.99.33"))),
                ServiceInfo.of(p80("ns5", "svc5"), Ipv4.parse("172.30.0.45"), 80).withNodePort(3002)
                        .withLoadBalancer(List.of(Ipv4.parse("5.6.7.8")), List.of(Cidr.parse("203.0.113.0/25")))
                        .withSessionAffinity(SessionAffinity.clientIp()),
                ServiceInfo.of(p80("ns6", "svc6"), Ipv4.parse("172.30.0.46"), 80));
        Map<ServicePortName, List<EndpointInfo>> endpoints = Map.of(
                p80("ns1", "svc1"), List.of(ep("10.180.0.1", Optional.empty())),
                p80("ns2", "svc2"), List.of(ep("10.180.0.2", Optional.empty())),
                p80("ns3", "svc3"), List.of(ep("10.180.0.3", Optional.empty())),
                p80("ns4", "svc4"), List.of(ep("10.180.0.4", Optional.empty()), ep("10.180.0.5", Optional.of(NODE))),
                p80("ns5", "svc5"), List.of(ep("10.180.0.3", Optional.empty())));
        return new ProxySnapshot(NODE, List.of(Ipv4.parse("192.168.0.2")), Optional.of(Cidr.parse("10.0.0.0/8")),
                services, endpoints, false, 14);
    }

    @Test
    void overallRulesMatchKubeProxysFixtureByteForByteAfterItsSort() throws IOException {
        String expected = Files.readString(
                Path.of("src/test/resources/dev/podwire/proxy/kube-proxy-overall/kube-proxy-expected.rules"));
        String actual = IptablesRenderer.render(ProxyPlanner.plan(overall(), IptablesFeatures.kubeProxyTestFake()));
        assertEquals(KubeProxySort.normalize(expected), KubeProxySort.normalize(actual), actual);
    }
}
