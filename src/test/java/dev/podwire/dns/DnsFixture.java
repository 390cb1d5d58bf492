package dev.podwire.dns;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.List;
import java.util.Map;

/**
 * A small cluster for DNS tests: the kubernetes and kube-dns Services, a ClusterIP service {@code web} with one
 * ready and one unready endpoint, a headless {@code db} (db-0 with a hostname, one without, one unready), a headless
 * {@code empty} with no endpoints, ExternalNames {@code ext} (out of zone) and {@code alias} (to web), and a
 * dual-stack {@code dual}.
 */
final class DnsFixture {
    static final long SERIAL = 1_700_000_000L;

    private DnsFixture() {
    }

    static ClusterObjects cluster() {
        List<Service> services = List.of(
                service("default", "kubernetes", List.of("10.96.0.1"), port("https", 443, "TCP")),
                service("kube-system", "kube-dns", List.of("10.96.0.10"), port("dns", 53, "UDP"),
                        port("dns-tcp", 53, "TCP"), port("metrics", 9153, "TCP")),
                service("default", "web", List.of("10.96.0.50"), port("http", 80, "TCP"), port(null, 8080, "TCP")),
                service("default", "db", List.of("None"), port("mysql", 3306, "TCP")),
                service("default", "empty", List.of("None"), port("http", 80, "TCP")),
                service("default", "dual", List.of("10.96.0.60", "fd00:96::60"), port("http", 80, "TCP")),
                externalName("default", "ext", "foo.example.com"),
                externalName("default", "alias", "web.default.svc.cluster.local"));
        List<EndpointSlice> slices = List.of(
                slice("default", "web", List.of(endpoint("10.244.1.5", null, true), endpoint("10.244.2.6", null, false)),
                        "http", 8080),
                slice("default", "db", List.of(endpoint("10.244.1.7", "db-0", true),
                        endpoint("10.244.2.8", null, null), endpoint("10.244.2.9", "db-2", false)), "mysql", 3306),
                slice("default", "empty", List.of(), "http", 80));
        List<Namespace> namespaces = List.of(namespace("default"), namespace("kube-system"), namespace("other"));
        return new ClusterObjects(services, slices, List.of(), namespaces);
    }

    static ClusterZone zone() {
        return ZoneBuilder.build(cluster(), ZoneConfig.of("cluster.local"), SERIAL);
    }

    static ServicePort port(String name, int port, String protocol) {
        return new ServicePortBuilder().withName(name).withPort(port).withProtocol(protocol).build();
    }

    static Service service(String ns, String name, List<String> clusterIps, ServicePort... ports) {
        return new ServiceBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata()
                .withNewSpec().withType("ClusterIP").withClusterIP(clusterIps.getFirst()).withClusterIPs(clusterIps)
                .withPorts(ports).endSpec().build();
    }

    static Service externalName(String ns, String name, String target) {
        return new ServiceBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata()
                .withNewSpec().withType("ExternalName").withExternalName(target).endSpec().build();
    }

    static Endpoint endpoint(String ip, String hostname, Boolean ready) {
        return new EndpointBuilder().withAddresses(ip).withHostname(hostname)
                .withNewConditions().withReady(ready).endConditions().build();
    }

    static EndpointSlice slice(String ns, String service, List<Endpoint> endpoints, String portName, int port) {
        return new EndpointSliceBuilder().withNewMetadata().withNamespace(ns).withName(service + "-abcde")
                .withLabels(Map.of("kubernetes.io/service-name", service)).endMetadata()
                .withAddressType("IPv4").withEndpoints(endpoints)
                .withPorts(new EndpointPortBuilder().withName(portName).withPort(port).withProtocol("TCP").build())
                .build();
    }

    static Namespace namespace(String name) {
        return new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build();
    }
}
