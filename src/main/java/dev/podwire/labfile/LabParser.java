package dev.podwire.labfile;

import dev.podwire.subnet.SubnetManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podwire.net.Cidr;
import dev.podwire.subnet.NetConf;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the tree of a {@code kind: Lab} document into a {@link LabSpec}, field by field, with defaults. Rules that
 * relate several fields live in {@link LabChecks}, which runs last.
 */
final class LabParser {
    static final String API_VERSION = "podwire.dev/v1alpha1";
    private static final String NODE_HINT = "a node looks like {name: node-1, segment: lan, address: 192.168.31.201,"
            + " interface: ens33}";
    private static final String HOST_HINT = "a host looks like {name: client, segment: lan, address: 192.168.31.50}";
    private static final String ROUTER_HINT = "a router looks like {name: r1, interfaces: [{segment: a,"
            + " address: 10.100.0.1, interface: eth0}, {segment: b, address: 10.100.1.1, interface: eth1}]}";
    private static final String SEGMENT_HINT = "a segment looks like {name: lan, subnet: 192.168.31.0/24}";

    private LabParser() {}

    /** {@return the validated lab, and adds warnings about questionable but legal settings} */
    static LabSpec parse(JsonNode tree, List<LabChecks.Warning> warnings, RulesCheck rulesCheck) {
        ObjReader doc = ObjReader.of(tree, "", "a Lab document is a mapping");
        doc.opt("apiVersion");
        doc.opt("kind");
        ObjReader meta = doc.optObj("metadata", "write metadata: {name: mylab}").orElseThrow(() -> new FieldError(
                "metadata", "missing (expected: metadata with a name)", "write metadata: {name: mylab}"));
        String name = meta.label("name", NameRules.LAB_MAX, "the lab name prefixes every namespace; keep it short");
        meta.finish();
        String specHint = "spec holds underlay, nodes, podNetwork, flannel, serviceCIDR, kubeProxy, dns and datastore";
        ObjReader spec = doc.optObj("spec", specHint).orElseThrow(
                () -> new FieldError("spec", "missing (expected: a mapping)", specHint));
        doc.finish();

        Underlay underlay = underlay(spec.optObj("underlay", "underlay holds mtu, segments, routers and hosts"),
                rulesCheck);
        List<NodeSpec> nodes = spec.list("nodes", NODE_HINT, LabParser::node);
        if (nodes.isEmpty()) {
            throw new FieldError(spec.at("nodes"), "[] (expected: at least one node)", NODE_HINT);
        }
        NetConf podNetwork = podNetwork(spec);
        FlannelOptions flannel = spec.optObj("flannel", "write flannel: {subnetManager: kube, ipMasq: true}")
                .map(LabParser::flannel).orElse(FlannelOptions.defaults());
        Cidr serviceCidr = spec.optCidr("serviceCIDR", "the kube-apiserver --service-cluster-ip-range, such as"
                + " 10.96.0.0/12").orElse(Cidr.parse("10.96.0.0/12"));
        if (serviceCidr.prefixLength() < 12 || serviceCidr.prefixLength() > 28) {
            throw new FieldError(spec.at("serviceCIDR"), serviceCidr + " (expected: a prefix length 12..28)",
                    "kube-apiserver allocates ClusterIPs from at most a /12; the default is 10.96.0.0/12");
        }
        KubeProxyOptions kubeProxy = kubeProxy(spec.optObj("kubeProxy", "write kubeProxy: {mode: iptables}"),
                podNetwork);
        DnsOptions dns = dns(spec.optObj("dns", "write dns: {clusterDomain: cluster.local}"), serviceCidr);
        DatastoreSpec datastore = spec.optObj("datastore", DATASTORE_HINT).map(LabParser::datastore)
                .orElse(DatastoreSpec.memory());
        spec.finish();
        LabSpec lab = new LabSpec(name, underlay, nodes, podNetwork, flannel, serviceCidr, kubeProxy, dns, datastore);
        LabChecks.check(lab, warnings);
        return lab;
    }

    private static Underlay underlay(Optional<ObjReader> section, RulesCheck rulesCheck) {
        if (section.isEmpty()) {
            return new Underlay(1500, List.of(), List.of(), List.of());
        }
        ObjReader u = section.get();
        int mtu = u.intOr("mtu", 1500, 576, 9000, "1500 is Ethernet's; 9000 for jumbo frames");
        List<SegmentSpec> segments = u.list("segments", SEGMENT_HINT, (n, p) -> {
            ObjReader r = ObjReader.of(n, p, SEGMENT_HINT);
            SegmentSpec s = new SegmentSpec(r.label("name", 63, SEGMENT_HINT), r.cidr("subnet", SEGMENT_HINT),
                    r.optIpv4("gateway", "the gateway is an address inside the subnet"));
            r.finish();
            return s;
        });
        List<RouterSpec> routers = u.list("routers", ROUTER_HINT, (n, p) -> {
            ObjReader r = ObjReader.of(n, p, ROUTER_HINT);
            String name = r.label("name", NameRules.MACHINE_MAX, "router names become namespaces <lab>-<name>");
            List<RouterInterface> ifaces = r.list("interfaces", ROUTER_HINT, (m, q) -> {
                ObjReader i = ObjReader.of(m, q, ROUTER_HINT);
                int index = Integer.parseInt(q.substring(q.lastIndexOf('[') + 1, q.length() - 1));
                RouterInterface ri = new RouterInterface(i.string("segment", ROUTER_HINT),
                        i.ipv4("address", ROUTER_HINT), i.ifName("interface", "eth" + index));
                i.finish();
                return ri;
            });
            if (ifaces.isEmpty()) {
                throw new FieldError(r.at("interfaces"), "[] (expected: at least one interface)", ROUTER_HINT);
            }
            List<StaticRoute> routes = routes(r);
            IptablesRules rules = iptables(r, rulesCheck);
            r.finish();
            return new RouterSpec(name, ifaces, routes, rules);
        });
        List<HostSpec> hosts = u.list("hosts", HOST_HINT, (n, p) -> host(n, p, rulesCheck));
        u.finish();
        return new Underlay(mtu, segments, routers, hosts);
    }

    private static NodeSpec node(JsonNode n, String path) {
        ObjReader r = ObjReader.of(n, path, NODE_HINT);
        NodeSpec node = new NodeSpec(r.label("name", NameRules.MACHINE_MAX, "node names become namespaces"
                + " <lab>-<name>"), r.string("segment", NODE_HINT), r.ipv4("address", NODE_HINT),
                r.ifName("interface", "eth0"), r.optCidr("podCIDR", "a node's podCIDR is one SubnetLen-sized"
                + " block of podNetwork.Network, such as 10.244.1.0/24"), sysctls(r), routes(r));
        r.finish();
        return node;
    }

    private static HostSpec host(JsonNode n, String path, RulesCheck rulesCheck) {
        ObjReader r = ObjReader.of(n, path, HOST_HINT);
        HostSpec host = new HostSpec(r.label("name", NameRules.MACHINE_MAX, "host names become namespaces"
                + " <lab>-<name>"), r.string("segment", HOST_HINT), r.ipv4("address", HOST_HINT),
                r.ifName("interface", "eth0"), routes(r), sysctls(r), iptables(r, rulesCheck));
        r.finish();
        return host;
    }

    private static List<StaticRoute> routes(ObjReader r) {
        String routeHint = "a route looks like {to: 10.96.0.0/12, via: 192.168.31.201}";
        return r.list("routes", routeHint, (m, q) -> {
            ObjReader route = ObjReader.of(m, q, routeHint);
            StaticRoute s = new StaticRoute(route.cidr("to", routeHint), route.ipv4("via", routeHint));
            route.finish();
            return s;
        });
    }

    private static IptablesRules iptables(ObjReader r, RulesCheck rulesCheck) {
        String hint = "iptables-restore text, as iptables-save prints it: *filter, :FORWARD DROP [0:0],"
                + " -A FORWARD ... -j ACCEPT, COMMIT";
        Optional<String> text = r.optString("iptables", hint);
        if (text.isEmpty()) {
            return IptablesRules.none();
        }
        IptablesRules rules;
        try {
            rules = new IptablesRules(text.get());
        } catch (IllegalArgumentException e) {
            throw new FieldError(r.at("iptables"), e.getMessage(), hint);
        }
        rulesCheck.problem(rules).ifPresent(problem -> {
            throw new FieldError(r.at("iptables"), problem + " (expected: rules iptables-restore accepts)", hint);
        });
        return rules;
    }

    private static Map<String, String> sysctls(ObjReader r) {
        String hint = "only network sysctls (net.*) are private to a network namespace, e.g."
                + " net.ipv4.conf.all.rp_filter: \"2\"";
        Map<String, String> sysctls = r.stringMap("sysctls", hint);
        for (String key : sysctls.keySet()) {
            if (!key.matches("net\\.[A-Za-z0-9_./-]+") || key.contains("..")) {
                throw new FieldError(FieldPath.child(r.at("sysctls"), key), "not a per-namespace sysctl"
                        + " (expected: a net.* key)", hint);
            }
        }
        return sysctls;
    }

    private static NetConf podNetwork(ObjReader spec) {
        String hint = "podNetwork takes flannel's net-conf.json keys verbatim, e.g. {Network: 10.244.0.0/16,"
                + " Backend: {Type: host-gw}}";
        JsonNode v = spec.required("podNetwork", hint);
        if (!(v instanceof ObjectNode obj)) {
            throw new FieldError(spec.at("podNetwork"), ObjReader.shown(v) + " (expected: a mapping)", hint);
        }
        try {
            return NetConf.from(obj);
        } catch (IllegalArgumentException e) {
            throw new FieldError(spec.at("podNetwork"), e.getMessage(), hint);
        }
    }

    private static final String DATASTORE_HINT = "write datastore: {type: etcd} (the lab starts etcd) or"
            + " {type: etcd, endpoints: [http://127.0.0.1:2379]} (an etcd of yours, reachable from the host); the default is"
            + " {type: memory}";

    private static DatastoreSpec datastore(ObjReader r) {
        String type = r.optString("type", DATASTORE_HINT).orElse("memory");
        List<java.net.URI> endpoints = r.list("endpoints", DATASTORE_HINT, (n, path) -> {
            if (!n.isTextual()) {
                throw new FieldError(path, n + " (expected: an etcd client URL such as http://10.0.0.5:2379)",
                        DATASTORE_HINT);
            }
            try {
                java.net.URI u = new java.net.URI(n.asText());
                if (!"http".equals(u.getScheme()) || u.getHost() == null || u.getPort() < 1) {
                    throw new java.net.URISyntaxException(n.asText(), "not http://HOST:PORT");
                }
                return u;
            } catch (java.net.URISyntaxException e) {
                throw new FieldError(path, n.asText() + " (expected: an etcd client URL such as"
                        + " http://10.0.0.5:2379)", DATASTORE_HINT);
            }
        });
        DatastoreSpec spec = switch (type) {
            case "memory" -> {
                if (!endpoints.isEmpty()) {
                    throw new FieldError(r.at("endpoints"), endpoints + " (expected: none with type: memory)",
                            DATASTORE_HINT);
                }
                yield DatastoreSpec.memory();
            }
            case "etcd" -> new DatastoreSpec(DatastoreSpec.Type.ETCD, endpoints);
            default -> throw new FieldError(r.at("type"), type + " (expected: memory or etcd)", DATASTORE_HINT);
        };
        r.finish();
        return spec;
    }

    private static FlannelOptions flannel(ObjReader r) {
        String hint = "subnetManager is kube (node podCIDRs, like kube-flannel) or etcd (flannel's own leases)";
        String mode = r.optString("subnetManager", hint).orElse("kube");
        SubnetManager manager = switch (mode) {
            case "kube" -> SubnetManager.KUBE;
            case "etcd" -> SubnetManager.ETCD;
            default -> throw new FieldError(r.at("subnetManager"), mode + " (expected: kube or etcd)", hint);
        };
        FlannelOptions options = new FlannelOptions(manager, r.boolOr("ipMasq", true, "flanneld --ip-masq"));
        r.finish();
        return options;
    }

    private static KubeProxyOptions kubeProxy(Optional<ObjReader> section, NetConf podNetwork) {
        if (section.isEmpty()) {
            return new KubeProxyOptions(ProxyMode.IPTABLES, Optional.of(podNetwork.network()),
                    ProxySyncOptions.defaults(),
                    ProxySyncOptions.defaults());
        }
        ObjReader r = section.get();
        String hint = "podwire implements kube-proxy's iptables mode";
        String mode = r.optString("mode", hint).orElse("");
        ProxyMode proxyMode;
        try {
            proxyMode = ProxyMode.parse(mode);
        } catch (IllegalArgumentException e) {
            throw new FieldError(r.at("mode"), e.getMessage(), hint);
        }

        // kubeadm fills clusterCIDR from the pod subnet; "" is kube-proxy's own default, no clusterCIDR at all
        // (so traffic from outside the cluster to a ClusterIP is not masqueraded).
        String cidrHint = "normally the pod network, e.g. 10.244.0.0/16; \"\" for none";
        Optional<Cidr> clusterCidr = r.opt("clusterCIDR").filter(v -> v.isTextual() && v.asText().isEmpty())
                .isPresent() ? Optional.empty()
                : Optional.of(r.optCidr("clusterCIDR", cidrHint).orElse(podNetwork.network()));
        ProxySyncOptions iptables = sync(r.optObj("iptables", "write iptables: {masqueradeAll: false}"));
        ProxySyncOptions nftables = sync(r.optObj("nftables", "write nftables: {masqueradeAll: false}"));
        r.finish();
        return new KubeProxyOptions(proxyMode, clusterCidr, iptables, nftables);
    }

    static ProxySyncOptions sync(Optional<ObjReader> section) {
        if (section.isEmpty()) {
            return ProxySyncOptions.defaults();
        }
        ObjReader r = section.get();
        ProxySyncOptions d = ProxySyncOptions.defaults();
        ProxySyncOptions out = new ProxySyncOptions(r.boolOr("masqueradeAll", false, "SNAT all service traffic"),
                r.intOr("masqueradeBit", 14, 0, 31, "kube-proxy uses bit 14 (mark 0x4000) by default"),
                duration(r, "minSyncPeriod", d.minSyncPeriod(), false),
                duration(r, "syncPeriod", d.syncPeriod(), true));
        r.finish();
        return out;
    }

    private static Duration duration(ObjReader r, String key, Duration fallback, boolean positive) {
        String hint = "a Go duration such as 500ms, 1s, 30s or 1m";
        return r.opt(key).map(v -> {
            Duration d = GoDuration.parse(v.isTextual() ? v.asText() : "").orElseThrow(() -> new FieldError(
                    r.at(key), ObjReader.shown(v) + " (expected: a duration with a unit)", hint));
            if (d.isNegative() || (positive && d.isZero())) {
                throw new FieldError(r.at(key), v.asText() + " (expected: " + (positive ? "> 0" : ">= 0") + ")",
                        hint);
            }
            return d;
        }).orElse(fallback);
    }

    private static DnsOptions dns(Optional<ObjReader> section, Cidr serviceCidr) {
        DnsOptions d = new DnsOptions("cluster.local", serviceCidr.host(10), List.of(), 5);
        if (section.isEmpty()) {
            return d;
        }
        ObjReader r = section.get();
        String domainHint = "kubelet's clusterDomain, normally cluster.local";
        String domain = r.optString("clusterDomain", domainHint).orElse(d.clusterDomain());
        if (!NameRules.isSubdomain(domain)) {
            throw new FieldError(r.at("clusterDomain"), domain + " (expected: a lower-case DNS name)", domainHint);
        }
        String upstreamHint = "upstream resolvers are IPv4 addresses, e.g. [8.8.8.8]";
        DnsOptions out = new DnsOptions(domain,
                r.optIpv4("clusterIP", "the kube-dns service address, normally the 10th of serviceCIDR")
                        .orElse(d.clusterIp()),
                r.list("upstream", upstreamHint, (n, p) -> ObjReader.ipv4(n, p, upstreamHint)),
                r.intOr("ttl", 5, 0, 3600, "CoreDNS's kubernetes plugin allows 0..3600 seconds"));
        r.finish();
        return out;
    }
}
