package dev.podwire.proxy;

import dev.podwire.net.Cidr;
import dev.podwire.net.Ipv4;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import dev.podwire.net.Protocol;

/**
 * Builds a {@link ProxySnapshot} from fabric8 Services and EndpointSlices, skipping what kube-proxy skips:
 * headless and ExternalName services, non-IPv4 slices and addresses, endpoints without addresses. Slice ports are
 * matched to service ports by (port name, protocol), as kube-proxy keys both by {@link ServicePortName}; a slice
 * belongs to the service named by its {@code kubernetes.io/service-name} label.
 */
public final class ProxySnapshots {
    /** The EndpointSlice label naming the owning service. */
    public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    private ProxySnapshots() {}

    /** {@return the snapshot for node {@code nodeName} with addresses {@code nodeIps}} */
    public static ProxySnapshot from(List<Service> services, List<EndpointSlice> slices, String nodeName,
            List<Ipv4> nodeIps, ProxyOptions options) {
        List<ServiceInfo> infos = new ArrayList<>();
        for (Service s : services) {
            infos.addAll(servicePorts(s));
        }
        Set<ServicePortName> known = new java.util.HashSet<>();
        infos.forEach(i -> known.add(i.name()));
        Map<ServicePortName, Set<EndpointInfo>> eps = new TreeMap<>();
        for (EndpointSlice slice : slices) {
            addSlice(slice, known, eps);
        }
        Map<ServicePortName, List<EndpointInfo>> endpoints = new TreeMap<>();
        eps.forEach((k, v) -> endpoints.put(k, List.copyOf(v)));
        return new ProxySnapshot(nodeName, nodeIps, options.clusterCidr(), infos, endpoints, options.masqueradeAll(),
                options.masqueradeBit());
    }

    /** {@return the proxied ports of {@code service}; none for headless or ExternalName services} */
    static List<ServiceInfo> servicePorts(Service service) {
        ServiceSpec spec = service.getSpec();
        String ns = Optional.ofNullable(service.getMetadata().getNamespace()).orElse("default");
        String svcName = service.getMetadata().getName();
        String type = Optional.ofNullable(spec.getType()).orElse("ClusterIP");
        Optional<Ipv4> clusterIp = Optional.ofNullable(spec.getClusterIP()).flatMap(Ipv4::tryParse);
        if (type.equals("ExternalName") || clusterIp.isEmpty()) {
            return List.of();
        }
        ServiceType serviceType = switch (type) {
            case "NodePort" -> ServiceType.NODE_PORT;
            case "LoadBalancer" -> ServiceType.LOAD_BALANCER;
            default -> ServiceType.CLUSTER_IP;
        };
        List<Ipv4> externalIps = ips(list(spec.getExternalIPs()));
        List<Ipv4> lbIps = serviceType != ServiceType.LOAD_BALANCER || service.getStatus() == null
                || service.getStatus().getLoadBalancer() == null ? List.of()
                : ips(list(service.getStatus().getLoadBalancer().getIngress()).stream()
                        .filter(i -> !"Proxy".equals(i.getIpMode())).map(LoadBalancerIngress::getIp).toList());
        // kube-proxy trims each range and ignores ones that do not parse (its test " 203.0.113.0/25").
        List<Cidr> ranges = list(spec.getLoadBalancerSourceRanges()).stream()
                .flatMap(r -> Cidr.tryParse(r == null ? "" : r.trim()).stream()).toList();
        SessionAffinity affinity = "ClientIP".equals(spec.getSessionAffinity()) ? new SessionAffinity.ClientIp(
                spec.getSessionAffinityConfig() != null && spec.getSessionAffinityConfig().getClientIP() != null
                        && spec.getSessionAffinityConfig().getClientIP().getTimeoutSeconds() != null
                        ? spec.getSessionAffinityConfig().getClientIP().getTimeoutSeconds() : 10800)
                : SessionAffinity.none();
        TrafficPolicy etp = policy(spec.getExternalTrafficPolicy());
        TrafficPolicy itp = policy(spec.getInternalTrafficPolicy());
        // Only a LoadBalancer with externalTrafficPolicy Local has a health check node port (NeedsHealthCheck).
        OptionalInt hc = serviceType == ServiceType.LOAD_BALANCER && etp == TrafficPolicy.LOCAL
                && spec.getHealthCheckNodePort() != null && spec.getHealthCheckNodePort() > 0
                ? OptionalInt.of(spec.getHealthCheckNodePort()) : OptionalInt.empty();
        List<ServiceInfo> out = new ArrayList<>();
        for (ServicePort p : list(spec.getPorts())) {
            Protocol protocol = Protocol.parse(Optional.ofNullable(p.getProtocol()).orElse("TCP"));
            ServicePortName name = new ServicePortName(ns, svcName, Optional.ofNullable(p.getName()).orElse(""),
                    protocol);
            OptionalInt nodePort = serviceType != ServiceType.CLUSTER_IP && p.getNodePort() != null
                    && p.getNodePort() > 0 ? OptionalInt.of(p.getNodePort()) : OptionalInt.empty();
            out.add(new ServiceInfo(name, serviceType, clusterIp.get(), p.getPort(), targetPort(p), nodePort,
                    externalIps, lbIps, ranges, affinity, etp, itp, hc));
        }
        return out;
    }

    private static String targetPort(ServicePort p) {
        IntOrString t = p.getTargetPort();
        if (t == null) {
            return Integer.toString(p.getPort());
        }
        return t.getIntVal() != null ? t.getIntVal().toString() : t.getStrVal();
    }

    private static void addSlice(EndpointSlice slice, Set<ServicePortName> known,
            Map<ServicePortName, Set<EndpointInfo>> out) {
        if (slice.getAddressType() != null && !slice.getAddressType().equals("IPv4")) {
            return;
        }
        Map<String, String> labels = slice.getMetadata().getLabels();
        String svcName = labels == null ? null : labels.get(SERVICE_NAME_LABEL);
        if (svcName == null) {
            return;
        }
        String ns = Optional.ofNullable(slice.getMetadata().getNamespace()).orElse("default");
        for (EndpointPort port : list(slice.getPorts())) {
            if (port.getPort() == null) {
                continue;
            }
            ServicePortName name = new ServicePortName(ns, svcName, Optional.ofNullable(port.getName()).orElse(""),
                    Protocol.parse(Optional.ofNullable(port.getProtocol()).orElse("TCP")));
            if (!known.contains(name)) {
                continue;
            }
            Set<EndpointInfo> set = out.computeIfAbsent(name, k -> new LinkedHashSet<>());
            for (Endpoint e : list(slice.getEndpoints())) {
                endpoint(e, port.getPort()).ifPresent(set::add);
            }
        }
    }

    private static Optional<EndpointInfo> endpoint(Endpoint e, int port) {
        Optional<Ipv4> ip = list(e.getAddresses()).stream().findFirst().flatMap(Ipv4::tryParse);
        if (ip.isEmpty()) {
            return Optional.empty();
        }
        EndpointConditions c = e.getConditions();
        // Nil conditions: ready = true, serving = ready, terminating = false (EndpointConditions docs).
        boolean ready = c == null || c.getReady() == null || c.getReady();
        boolean serving = c == null || c.getServing() == null ? ready : c.getServing();
        boolean terminating = c != null && c.getTerminating() != null && c.getTerminating();
        return Optional.of(new EndpointInfo(ip.get(), port, ready, serving, terminating,
                Optional.ofNullable(e.getNodeName())));
    }

    private static TrafficPolicy policy(String text) {
        return "Local".equals(text) ? TrafficPolicy.LOCAL : TrafficPolicy.CLUSTER;
    }

    private static List<Ipv4> ips(List<String> texts) {
        return texts.stream().flatMap(t -> Ipv4.tryParse(t == null ? "" : t.trim()).stream()).toList();
    }

    private static <T> List<T> list(List<T> maybe) {
        return maybe == null ? List.of() : maybe;
    }
}
