package dev.podwire.proxy;

import dev.podwire.net.Cidr;
import dev.podwire.net.Ipv4;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import dev.podwire.net.Protocol;

/**
 * One service port as kube-proxy sees it ({@code proxy.ServicePort}). Build with {@link #of} and the
 * {@code with...} methods; every value is already validated and canonical.
 *
 * @param name the service port's name (namespace, name, port name, protocol)
 * @param type ClusterIP, NodePort or LoadBalancer
 * @param clusterIp {@code spec.clusterIP} (headless services never reach the proxy)
 * @param port the service port, 1..65535
 * @param targetPort {@code targetPort} as written (a number or a port name); informational, the endpoints carry
 *     the resolved port
 * @param nodePort the node port, if allocated
 * @param externalIps {@code spec.externalIPs}
 * @param loadBalancerIps {@code status.loadBalancer.ingress[].ip} in VIP mode
 * @param loadBalancerSourceRanges {@code spec.loadBalancerSourceRanges}; empty = allow all
 * @param sessionAffinity None or ClientIP with its timeout
 * @param externalTrafficPolicy Cluster or Local
 * @param internalTrafficPolicy Cluster or Local
 * @param healthCheckNodePort the health check node port of a LoadBalancer with externalTrafficPolicy Local
 */
public record ServiceInfo(ServicePortName name, ServiceType type, Ipv4 clusterIp, int port, String targetPort,
        OptionalInt nodePort, List<Ipv4> externalIps, List<Ipv4> loadBalancerIps, List<Cidr> loadBalancerSourceRanges,
        SessionAffinity sessionAffinity, TrafficPolicy externalTrafficPolicy, TrafficPolicy internalTrafficPolicy,
        OptionalInt healthCheckNodePort) {
    /** Validates and copies the lists. */
    public ServiceInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(clusterIp, "clusterIp");
        checkPort("port", port);
        Objects.requireNonNull(targetPort, "targetPort");
        Objects.requireNonNull(nodePort, "nodePort");
        nodePort.ifPresent(p -> checkPort("nodePort", p));
        externalIps = List.copyOf(externalIps);
        loadBalancerIps = List.copyOf(loadBalancerIps);
        loadBalancerSourceRanges = List.copyOf(loadBalancerSourceRanges);
        Objects.requireNonNull(sessionAffinity, "sessionAffinity");
        Objects.requireNonNull(externalTrafficPolicy, "externalTrafficPolicy");
        Objects.requireNonNull(internalTrafficPolicy, "internalTrafficPolicy");
        Objects.requireNonNull(healthCheckNodePort, "healthCheckNodePort");
        healthCheckNodePort.ifPresent(p -> checkPort("healthCheckNodePort", p));
    }

    private static void checkPort(String field, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(field + ": " + port + " (expected: 1..65535)");
        }
    }

    /** {@return a ClusterIP service port with target port = port and every policy at its default} */
    public static ServiceInfo of(ServicePortName name, Ipv4 clusterIp, int port) {
        return new ServiceInfo(name, ServiceType.CLUSTER_IP, clusterIp, port, Integer.toString(port), OptionalInt.empty(),
                List.of(), List.of(), List.of(), SessionAffinity.none(), TrafficPolicy.CLUSTER, TrafficPolicy.CLUSTER,
                OptionalInt.empty());
    }

    /** {@return this port with {@code targetPort} replaced} */
    public ServiceInfo withTargetPort(String value) {
        return new ServiceInfo(name, type, clusterIp, port, value, nodePort, externalIps, loadBalancerIps,
                loadBalancerSourceRanges, sessionAffinity, externalTrafficPolicy, internalTrafficPolicy,
                healthCheckNodePort);
    }

    /** {@return this port as a NodePort service on {@code value} (type becomes NodePort unless LoadBalancer)} */
    public ServiceInfo withNodePort(int value) {
        ServiceType t = type == ServiceType.LOAD_BALANCER ? type : ServiceType.NODE_PORT;
        return new ServiceInfo(name, t, clusterIp, port, targetPort, OptionalInt.of(value), externalIps,
                loadBalancerIps, loadBalancerSourceRanges, sessionAffinity, externalTrafficPolicy,
                internalTrafficPolicy, healthCheckNodePort);
    }

    /** {@return this port with {@code type} replaced} */
    public ServiceInfo withType(ServiceType value) {
        return new ServiceInfo(name, value, clusterIp, port, targetPort, nodePort, externalIps, loadBalancerIps,
                loadBalancerSourceRanges, sessionAffinity, externalTrafficPolicy, internalTrafficPolicy,
                healthCheckNodePort);
    }

    /** {@return this port with {@code externalIPs} replaced} */
    public ServiceInfo withExternalIps(List<Ipv4> value) {
        return new ServiceInfo(name, type, clusterIp, port, targetPort, nodePort, value, loadBalancerIps,
                loadBalancerSourceRanges, sessionAffinity, externalTrafficPolicy, internalTrafficPolicy,
                healthCheckNodePort);
    }

    /** {@return this port as a LoadBalancer with the given ingress IPs and source ranges} */
    public ServiceInfo withLoadBalancer(List<Ipv4> ips, List<Cidr> sourceRanges) {
        return new ServiceInfo(name, ServiceType.LOAD_BALANCER, clusterIp, port, targetPort, nodePort, externalIps,
                ips, sourceRanges, sessionAffinity, externalTrafficPolicy, internalTrafficPolicy, healthCheckNodePort);
    }

    /** {@return this port with {@code sessionAffinity} replaced} */
    public ServiceInfo withSessionAffinity(SessionAffinity value) {
        return new ServiceInfo(name, type, clusterIp, port, targetPort, nodePort, externalIps, loadBalancerIps,
                loadBalancerSourceRanges, value, externalTrafficPolicy, internalTrafficPolicy, healthCheckNodePort);
    }

    /** {@return this port with the given traffic policies} */
    public ServiceInfo withTrafficPolicies(TrafficPolicy external, TrafficPolicy internal) {
        return new ServiceInfo(name, type, clusterIp, port, targetPort, nodePort, externalIps, loadBalancerIps,
                loadBalancerSourceRanges, sessionAffinity, external, internal, healthCheckNodePort);
    }

    /** {@return this port with a health check node port} */
    public ServiceInfo withHealthCheckNodePort(int value) {
        return new ServiceInfo(name, type, clusterIp, port, targetPort, nodePort, externalIps, loadBalancerIps,
                loadBalancerSourceRanges, sessionAffinity, externalTrafficPolicy, internalTrafficPolicy,
                OptionalInt.of(value));
    }

    /** {@return the port's protocol} */
    public Protocol protocol() {
        return name.protocol();
    }

    /** {@return whether anything but the cluster IP reaches it: a node port, external IPs or LB IPs} */
    public boolean externallyAccessible() {
        return nodePort.isPresent() || !externalIps.isEmpty() || !loadBalancerIps.isEmpty();
    }

    /** {@return whether external traffic may only reach local endpoints (eTP Local on an accessible service)} */
    public boolean externalPolicyLocal() {
        return externallyAccessible() && externalTrafficPolicy == TrafficPolicy.LOCAL;
    }

    /** {@return whether cluster-IP traffic may only reach local endpoints} */
    public boolean internalPolicyLocal() {
        return internalTrafficPolicy == TrafficPolicy.LOCAL;
    }

    /** {@return whether some traffic uses the cluster-wide endpoint set (kube-proxy UsesClusterEndpoints)} */
    public boolean usesClusterEndpoints() {
        return !internalPolicyLocal() || (externallyAccessible() && !externalPolicyLocal());
    }

    /** {@return whether some traffic uses the node-local endpoint set (kube-proxy UsesLocalEndpoints)} */
    public boolean usesLocalEndpoints() {
        return internalPolicyLocal() || externalPolicyLocal();
    }
}
