package dev.podwire.daemon;

import dev.podwire.rpc.RequestException;
import java.util.Locale;
import java.util.Map;

/**
 * A {@code kind/name} argument, with kubectl's short names folded to one spelling ({@code po}, {@code deploy},
 * {@code svc}, {@code rs}, {@code no}, {@code ns}).
 *
 * @param kind canonical kind: pod, node, host, router, deployment, replicaset, service, namespace
 * @param name the object's name
 */
record Target(String kind, String name) {
    private static final Map<String, String> KINDS = Map.ofEntries(
            Map.entry("pod", "pod"), Map.entry("pods", "pod"), Map.entry("po", "pod"),
            Map.entry("node", "node"), Map.entry("nodes", "node"), Map.entry("no", "node"),
            Map.entry("host", "host"), Map.entry("hosts", "host"),
            Map.entry("router", "router"), Map.entry("routers", "router"),
            Map.entry("deployment", "deployment"), Map.entry("deployments", "deployment"),
            Map.entry("deploy", "deployment"), Map.entry("deployment.apps", "deployment"),
            Map.entry("replicaset", "replicaset"), Map.entry("replicasets", "replicaset"), Map.entry("rs", "replicaset"),
            Map.entry("service", "service"), Map.entry("services", "service"), Map.entry("svc", "service"),
            Map.entry("configmap", "configmap"), Map.entry("configmaps", "configmap"), Map.entry("cm", "configmap"),
            Map.entry("namespace", "namespace"), Map.entry("namespaces", "namespace"), Map.entry("ns", "namespace"),
            Map.entry("lease", "lease"), Map.entry("leases", "lease"),
            Map.entry("endpoints", "endpoints"), Map.entry("ep", "endpoints"),
            Map.entry("endpointslice", "endpointslice"), Map.entry("endpointslices", "endpointslice"),
            Map.entry("endpointslices.discovery.k8s.io", "endpointslice"));

    /** {@return the canonical kind for a resource word} @throws RequestException for an unknown one */
    static String kind(String word) {
        String k = KINDS.get(word.toLowerCase(Locale.ROOT));
        if (k == null) {
            throw new RequestException(2, "unknown resource type: " + word + " (expected: pods, nodes, deployments, "
                    + "replicasets, services, endpoints, endpointslices, configmaps, namespaces, leases, hosts, routers)");
        }
        return k;
    }

    /** {@return the target in {@code kind/name}} */
    static Target parse(String text) {
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1) {
            throw new RequestException(2, text + " (expected: KIND/NAME such as pod/nginx-abc or node/worker-1)");
        }
        return new Target(kind(text.substring(0, slash)), text.substring(slash + 1));
    }

    @Override
    public String toString() {
        return kind + "/" + name;
    }
}
