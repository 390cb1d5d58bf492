package dev.podwire.proxy.iptables;

import dev.podwire.net.Cidr;
import dev.podwire.net.Ipv4;
import dev.podwire.proxy.EndpointInfo;
import dev.podwire.net.Protocol;
import dev.podwire.proxy.ProxySnapshot;
import dev.podwire.proxy.ServiceInfo;
import dev.podwire.proxy.ServicePortName;
import dev.podwire.proxy.SessionAffinity;
import dev.podwire.proxy.TrafficPolicy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The golden scenarios' inputs: each a snapshot plus the description written at the top of its golden file. */
record ProxyScenarios(String name, String description, ProxySnapshot snapshot) {
    static final Cidr POD_NETWORK = Cidr.parse("10.244.0.0/16");

    static ServicePortName port(String ns, String svc, String portName, Protocol protocol) {
        return new ServicePortName(ns, svc, portName, protocol);
    }

    static EndpointInfo ep(String ip, int port, String node) {
        return EndpointInfo.ready(Ipv4.parse(ip), port, node);
    }

    static ProxySnapshot snapshot(String node, String nodeIp, List<ServiceInfo> services,
            Map<ServicePortName, List<EndpointInfo>> endpoints, boolean masqueradeAll) {
        return new ProxySnapshot(node, List.of(Ipv4.parse(nodeIp)), Optional.of(POD_NETWORK), services, endpoints,
                masqueradeAll, 14);
    }

    /** Seed 000: kube-dns (3 ports, 2 coredns pods) and my-service with 3 nginx pods, seen from hostgw-master. */
    static ProxyScenarios seed000() {
        ServicePortName dns = port("kube-system", "kube-dns", "dns", Protocol.UDP);
        ServicePortName dnsTcp = port("kube-system", "kube-dns", "dns-tcp", Protocol.TCP);
        ServicePortName metrics = port("kube-system", "kube-dns", "metrics", Protocol.TCP);
        ServicePortName my = port("default", "my-service", "", Protocol.TCP);
        Ipv4 dnsIp = Ipv4.parse("10.96.0.10");
        Map<ServicePortName, List<EndpointInfo>> eps = new TreeMap<>();
        eps.put(dns, List.of(ep("10.244.0.2", 53, "hostgw-master"), ep("10.244.0.3", 53, "hostgw-master")));
        eps.put(dnsTcp, List.of(ep("10.244.0.2", 53, "hostgw-master"), ep("10.244.0.3", 53, "hostgw-master")));
        eps.put(metrics, List.of(ep("10.244.0.2", 9153, "hostgw-master"), ep("10.244.0.3", 9153, "hostgw-master")));
        eps.put(my, List.of(ep("10.244.1.2", 80, "hostgw-node"), ep("10.244.1.3", 80, "hostgw-node"),
                ep("10.244.0.4", 80, "hostgw-master")));
        return new ProxyScenarios("seed000-my-service", """
                Seed 000 (flannel host-gw, kubeadm): node hostgw-master 192.168.31.201, clusterCIDR 10.244.0.0/16.
                kube-system/kube-dns 10.96.0.10: dns 53/UDP, dns-tcp 53/TCP, metrics 9153/TCP; coredns 10.244.0.2, .3.
                default/my-service ClusterIP 10.103.92.81:80 -> nginx 10.244.1.2, 10.244.1.3 (hostgw-node), 10.244.0.4.
                The seed's dump shows KUBE-SVC-JD5MR3NA4I4DYORP / KUBE-SEP-N4G2XR5TDX7PQE7P for metrics: same here.""",
                snapshot("hostgw-master", "192.168.31.201", List.of(ServiceInfo.of(dns, dnsIp, 53),
                        ServiceInfo.of(dnsTcp, dnsIp, 53), ServiceInfo.of(metrics, dnsIp, 9153),
                        ServiceInfo.of(my, Ipv4.parse("10.103.92.81"), 80)), eps, false));
    }

    /** Seed 001: httpd-svc 8080 -> 80 and myhttpd-svc NodePort 30000, three httpd pods each. */
    static ProxyScenarios seed001() {
        ServicePortName httpd = port("default", "httpd-svc", "", Protocol.TCP);
        ServicePortName myhttpd = port("default", "myhttpd-svc", "", Protocol.TCP);
        Map<ServicePortName, List<EndpointInfo>> eps = new TreeMap<>();
        eps.put(httpd, List.of(ep("10.244.1.28", 80, "k8s-02"), ep("10.244.1.29", 80, "k8s-02"),
                ep("10.244.2.22", 80, "k8s-03")));
        eps.put(myhttpd, List.of(ep("10.244.1.32", 80, "k8s-02"), ep("10.244.1.33", 80, "k8s-02"),
                ep("10.244.2.26", 80, "k8s-03")));
        return new ProxyScenarios("seed001-httpd-nodeport", """
                Seed 001: node k8s-01 192.168.56.101, clusterCIDR 10.244.0.0/16.
                default/httpd-svc ClusterIP 10.96.203.6:8080 -> 80 on 10.244.1.28, 10.244.1.29, 10.244.2.22.
                default/myhttpd-svc NodePort 10.104.223.18:8080, nodePort 30000 -> 80 on 10.244.1.32, .33, 10.244.2.26.
                The seed's 2017 dump hashed "default/httpd-svc:" (old trailing colon): KUBE-SVC-RL3JAE4GN7VOGDGP. Current
                kube-proxy hashes "default/httpd-svc" + "tcp", hence other names; 0.33332999982 was the old %0.5f.""",
                snapshot("k8s-01", "192.168.56.101", List.of(
                        ServiceInfo.of(httpd, Ipv4.parse("10.96.203.6"), 8080).withTargetPort("80"),
                        ServiceInfo.of(myhttpd, Ipv4.parse("10.104.223.18"), 8080).withTargetPort("80")
                                .withNodePort(30000)), eps, false));
    }

    /** A LoadBalancer service with externalIP and NodePort but no endpoints: REJECT everywhere. */
    static ProxyScenarios noEndpoints() {
        ServicePortName web = port("default", "web", "http", Protocol.TCP);
        return new ProxyScenarios("no-endpoints", """
                default/web LoadBalancer 10.96.0.50:80, nodePort 30080, externalIP 192.168.1.50, LB IP 203.0.113.10;
                no endpoints: no nat chains at all, REJECT in filter KUBE-SERVICES and KUBE-EXTERNAL-SERVICES.""",
                snapshot("node-1", "192.168.1.11", List.of(ServiceInfo.of(web, Ipv4.parse("10.96.0.50"), 80)
                        .withNodePort(30080).withExternalIps(List.of(Ipv4.parse("192.168.1.50")))
                        .withLoadBalancer(List.of(Ipv4.parse("203.0.113.10")), List.of())), Map.of(), false));
    }

    /** externalTrafficPolicy Local: one service with a local endpoint, one without. */
    static ProxyScenarios externalLocal() {
        ServicePortName a = port("default", "edge", "http", Protocol.TCP);
        ServicePortName b = port("default", "remote-only", "http", Protocol.TCP);
        Map<ServicePortName, List<EndpointInfo>> eps = new TreeMap<>();
        eps.put(a, List.of(ep("10.244.1.5", 8080, "node-1"), ep("10.244.2.5", 8080, "node-2")));
        eps.put(b, List.of(ep("10.244.2.6", 8080, "node-2")));
        return new ProxyScenarios("etp-local", """
                externalTrafficPolicy Local on node-1 (192.168.1.11), clusterCIDR 10.244.0.0/16.
                default/edge LoadBalancer 10.96.0.60:80, nodePort 30060, LB 203.0.113.60, healthCheckNodePort 32000;
                endpoints 10.244.1.5 (node-1, local) and 10.244.2.5 (node-2): KUBE-EXT -> KUBE-SVL with the local one.
                default/remote-only NodePort 10.96.0.61:80, nodePort 30061, endpoint only on node-2: EXT keeps its
                short-circuits, no final jump, filter DROPs "has no local endpoints".""",
                snapshot("node-1", "192.168.1.11", List.of(
                        ServiceInfo.of(a, Ipv4.parse("10.96.0.60"), 80).withNodePort(30060)
                                .withLoadBalancer(List.of(Ipv4.parse("203.0.113.60")), List.of())
                                .withTrafficPolicies(TrafficPolicy.LOCAL, TrafficPolicy.CLUSTER)
                                .withHealthCheckNodePort(32000),
                        ServiceInfo.of(b, Ipv4.parse("10.96.0.61"), 80).withNodePort(30061)
                                .withTrafficPolicies(TrafficPolicy.LOCAL, TrafficPolicy.CLUSTER)), eps, false));
    }

    /** ClientIP affinity over three endpoints, and an iTP Local service with no local endpoint. */
    static ProxyScenarios sessionAffinity() {
        ServicePortName s = port("shop", "cart", "", Protocol.TCP);
        ServicePortName local = port("shop", "cache", "", Protocol.UDP);
        Map<ServicePortName, List<EndpointInfo>> eps = new TreeMap<>();
        eps.put(s, List.of(ep("10.244.1.10", 80, "node-1"), ep("10.244.2.10", 80, "node-2"),
                ep("10.244.1.11", 80, "node-1")));
        eps.put(local, List.of(ep("10.244.2.20", 11211, "node-2")));
        return new ProxyScenarios("session-affinity", """
                shop/cart ClusterIP 10.96.1.10:80, sessionAffinity ClientIP 10800 s, three endpoints: --rcheck rules
                for every endpoint first, then the probability chain; SEPs --set the recent list.
                shop/cache UDP 10.96.1.11:11211, internalTrafficPolicy Local, its only endpoint on node-2: DROP.""",
                snapshot("node-1", "192.168.1.11", List.of(
                        ServiceInfo.of(s, Ipv4.parse("10.96.1.10"), 80).withSessionAffinity(SessionAffinity.clientIp()),
                        ServiceInfo.of(local, Ipv4.parse("10.96.1.11"), 11211)
                                .withTrafficPolicies(TrafficPolicy.CLUSTER, TrafficPolicy.LOCAL)), eps, false));
    }

    /** Seed 002: masqueradeAll for clients reaching cluster IPs through a VPN gateway. */
    static ProxyScenarios masqueradeAll() {
        ServicePortName s = port("default", "api", "http", Protocol.TCP);
        Map<ServicePortName, List<EndpointInfo>> eps = Map.of(s, List.of(ep("10.244.1.30", 8080, "node-1"),
                ep("10.244.2.30", 8080, "node-2")));
        return new ProxyScenarios("masquerade-all", """
                Seed 002: masqueradeAll=true so that office clients behind a VPN gateway get replies through the node
                that DNATed. default/api ClusterIP 10.96.2.10:80 -> 8080 on 10.244.1.30, 10.244.2.30: the SVC chain
                marks every packet, without the "! -s 10.244.0.0/16" detector.""",
                snapshot("node-1", "192.168.1.11", List.of(ServiceInfo.of(s, Ipv4.parse("10.96.2.10"), 80)
                        .withTargetPort("8080")), eps, true));
    }

    /** A LoadBalancer with source ranges, one of which contains the node. */
    static ProxyScenarios loadBalancerSourceRanges() {
        ServicePortName s = port("default", "public", "https", Protocol.TCP);
        Map<ServicePortName, List<EndpointInfo>> eps = Map.of(s, List.of(ep("10.244.1.40", 8443, "node-1")));
        return new ProxyScenarios("lb-source-ranges", """
                default/public LoadBalancer 10.96.3.10:443, nodePort 30443, LB IP 203.0.113.80,
                loadBalancerSourceRanges 198.51.100.0/24 and 192.168.1.0/24 (contains node-1's 192.168.1.11, so the
                LB IP itself is also allowed as source). KUBE-FW-... then KUBE-PROXY-FIREWALL drops the rest.""",
                snapshot("node-1", "192.168.1.11", List.of(ServiceInfo.of(s, Ipv4.parse("10.96.3.10"), 443)
                        .withTargetPort("8443").withNodePort(30443)
                        .withLoadBalancer(List.of(Ipv4.parse("203.0.113.80")),
                                List.of(Cidr.parse("198.51.100.0/24"), Cidr.parse("192.168.1.0/24")))), eps, false));
    }

    static List<ProxyScenarios> all() {
        return List.of(seed000(), seed001(), noEndpoints(), externalLocal(), sessionAffinity(), masqueradeAll(),
                loadBalancerSourceRanges());
    }

    /** {@return the golden file text: the description as {@code #} lines, then the payload} */
    String goldenText(String payload) {
        StringBuilder out = new StringBuilder();
        description.lines().forEach(l -> out.append("# ").append(l).append('\n'));
        return out.append(payload).toString();
    }

    @Override
    public String toString() {
        return name;
    }
}
