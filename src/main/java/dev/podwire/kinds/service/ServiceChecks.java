package dev.podwire.kinds.service;

import dev.podwire.kinds.ObjectChecks;
import dev.podwire.labfile.FieldError;
import dev.podwire.labfile.K8sNames;
import dev.podwire.labfile.ManifestRules;
import dev.podwire.net.Cidr;
import dev.podwire.net.Ipv4;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Kubernetes' Service validation, as far as it is static: type, ports, node ports and the ClusterIP range. */
public final class ServiceChecks {
    private static final Set<String> TYPES = Set.of("ClusterIP", "NodePort", "LoadBalancer", "ExternalName");
    private static final String PORT_HINT = "a service port looks like {name: http, protocol: TCP, port: 80,"
            + " targetPort: 80}";

    private ServiceChecks() {}

    /**
     * Checks a Service read from a manifest; a ClusterIP must fit the lab's service range, minus the addresses the
     * lab itself takes.
     *
     * @throws FieldError for the first problem
     */
    public static void check(Service svc, ManifestRules.Context range) {
        ObjectChecks.metadata(svc.getMetadata(), K8sNames.Rule.DNS1035_LABEL, true);
        ServiceSpec spec = svc.getSpec();
        if (spec == null) {
            throw new FieldError("spec", "missing (expected: selector and ports)", PORT_HINT);
        }
        String type = spec.getType() == null ? "ClusterIP" : spec.getType();
        if (!TYPES.contains(type)) {
            throw new FieldError("spec.type", type + " (expected: ClusterIP, NodePort, LoadBalancer or"
                    + " ExternalName)", "leave type out for ClusterIP");
        }
        String clusterIp = spec.getClusterIP() == null ? "" : spec.getClusterIP();
        boolean headless = clusterIp.equals("None");
        if (type.equals("ExternalName")) {
            String name = spec.getExternalName() == null ? "" : spec.getExternalName();
            if (!K8sNames.isSubdomain(name.toLowerCase(java.util.Locale.ROOT))) {
                throw new FieldError("spec.externalName", (name.isEmpty() ? "missing" : name) + " (expected: a DNS"
                        + " name)", "an ExternalName service is a CNAME, e.g. externalName: example.com");
            }
            if (!clusterIp.isEmpty()) {
                throw new FieldError("spec.clusterIP", clusterIp + " (expected: empty for ExternalName)",
                        "remove clusterIP");
            }
        } else if (!clusterIp.isEmpty() && !headless) {
            clusterIp(clusterIp, range);
        }
        K8sNames.requireLabels("spec.selector", spec.getSelector());
        List<ServicePort> ports = spec.getPorts() == null ? List.of() : spec.getPorts();
        if (ports.isEmpty() && !headless && !type.equals("ExternalName")) {
            throw new FieldError("spec.ports", "[] (expected: at least one port)", PORT_HINT);
        }
        Set<String> names = new HashSet<>();
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            port(ports.get(i), "spec.ports[" + i + "]", type, ports.size() > 1, names, keys);
        }
        value("spec.sessionAffinity", spec.getSessionAffinity(), Set.of("None", "ClientIP"));
        value("spec.externalTrafficPolicy", spec.getExternalTrafficPolicy(), Set.of("Cluster", "Local"));
        value("spec.internalTrafficPolicy", spec.getInternalTrafficPolicy(), Set.of("Cluster", "Local"));
    }

    private static void clusterIp(String text, ManifestRules.Context range) {
        String path = "spec.clusterIP";
        Cidr cidr = range.serviceCidr();
        Ipv4 ip = Ipv4.tryParse(text).orElseThrow(() -> new FieldError(path, text + " (expected: an IPv4 address,"
                + " \"None\" or empty)", "leave clusterIP out to have one allocated"));
        if (!cidr.contains(ip)) {
            throw new FieldError(path, ip + " is not in the valid range " + cidr + " (expected: inside"
                    + " spec.serviceCIDR of the lab)", "leave clusterIP out, or pick an address in " + cidr);
        }
        boolean reserved = ip.equals(cidr.address()) || ip.equals(cidr.last()) || ip.equals(cidr.host(1))
                || ip.equals(range.dnsIp());
        if (reserved) {
            throw new FieldError(path, ip + " is reserved (the network, broadcast, kubernetes service or kube-dns"
                    + " address) (expected: a free address)", "leave clusterIP out to have one allocated");
        }
    }

    private static void port(ServicePort p, String path, String type, boolean several, Set<String> names,
            Set<String> keys) {
        if (p.getPort() == null || p.getPort() < 1 || p.getPort() > 65535) {
            throw new FieldError(path + ".port", p.getPort() + " (expected: 1..65535)", PORT_HINT);
        }
        ObjectChecks.protocol(p.getProtocol(), path + ".protocol");
        Optional<String> name = Optional.ofNullable(p.getName()).filter(n -> !n.isEmpty());
        if (several && name.isEmpty()) {
            throw new FieldError(path + ".name", "missing (expected: a name when a service has several ports)",
                    "name each port, e.g. name: http");
        }
        if (name.isPresent()) {
            K8sNames.require(K8sNames.Rule.DNS1123_LABEL, path + ".name", name.get(), "e.g. name: http");
            if (!names.add(name.get())) {
                throw new FieldError(path + ".name", name.get() + " (expected: unique port names)", "rename one");
            }
        }
        String key = p.getPort() + "/" + (p.getProtocol() == null ? "TCP" : p.getProtocol());
        if (!keys.add(key)) {
            throw new FieldError(path, key + " is listed twice (expected: unique port and protocol)", "remove one");
        }
        IntOrString target = p.getTargetPort();
        if (target != null && target.getIntVal() != null && (target.getIntVal() < 1 || target.getIntVal() > 65535)) {
            throw new FieldError(path + ".targetPort", target.getIntVal() + " (expected: 1..65535 or a port name)",
                    "targetPort is the container's port; it defaults to port");
        }
        if (target != null && target.getStrVal() != null && !K8sNames.isPortName(target.getStrVal())) {
            throw new FieldError(path + ".targetPort", target.getStrVal() + " (expected: a container port name or"
                    + " number)", "use the name of a containerPort, such as http");
        }
        Integer nodePort = p.getNodePort();
        if (nodePort != null && nodePort != 0) {
            if (!type.equals("NodePort") && !type.equals("LoadBalancer")) {
                throw new FieldError(path + ".nodePort", nodePort + " (expected: no nodePort for type " + type + ")",
                        "set type: NodePort to expose the service on every node");
            }
            if (nodePort < 30000 || nodePort > 32767) {
                throw new FieldError(path + ".nodePort", nodePort + " (expected: 30000..32767, the default"
                        + " --service-node-port-range)",
                        "leave nodePort out to have one allocated");
            }
        }
    }

    private static void value(String path, String value, Set<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            throw new FieldError(path, value + " (expected: one of " + String.join(", ",
                    allowed.stream().sorted().toList()) + ")", "values are case-sensitive");
        }
    }
}
