package dev.podwire.kubelet;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodDNSConfig;
import io.fabric8.kubernetes.api.model.PodDNSConfigOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The files kubelet writes for a pod and {@code ip netns exec} mounts over {@code /etc}: {@code resolv.conf} per the
 * pod's {@code dnsPolicy} and {@code dnsConfig}, and the managed {@code hosts} file. Pure.
 */
final class PodFiles {
    /** glibc's limits, which kubelet enforces too. */
    private static final int MAX_NAMESERVERS = 3;
    private static final int MAX_SEARCHES = 32;

    private PodFiles() {}

    /**
     * {@return kubelet's resolv.conf for a pod}
     *
     * @param nodeResolvConf the node's own resolver configuration, for {@code dnsPolicy: Default}
     */
    static String resolvConf(Pod pod, String clusterDomain, String clusterDns, String nodeResolvConf) {
        String policy = Optional.ofNullable(pod.getSpec().getDnsPolicy()).orElse("ClusterFirst");
        List<String> servers = new ArrayList<>();
        Set<String> searches = new LinkedHashSet<>();
        Map<String, Optional<String>> options = new LinkedHashMap<>();
        switch (policy) {
            case "Default" -> parse(nodeResolvConf, servers, searches, options);
            case "None" -> { }
            // ClusterFirstWithHostNet is ClusterFirst for a pod that is not on the host network.
            default -> {
                String ns = pod.getMetadata().getNamespace();
                servers.add(clusterDns);
                searches.addAll(List.of(ns + ".svc." + clusterDomain, "svc." + clusterDomain, clusterDomain));
                options.put("ndots", Optional.of("5"));
            }
        }
        PodDNSConfig config = pod.getSpec().getDnsConfig();
        if (config != null) {
            Optional.ofNullable(config.getNameservers()).orElse(List.of()).forEach(servers::add);
            Optional.ofNullable(config.getSearches()).orElse(List.of()).forEach(searches::add);
            for (PodDNSConfigOption o : Optional.ofNullable(config.getOptions()).orElse(List.of())) {
                options.put(o.getName(), Optional.ofNullable(o.getValue()));
            }
        }
        StringBuilder out = new StringBuilder();
        if (!searches.isEmpty()) {
            out.append("search ").append(String.join(" ", searches.stream().limit(MAX_SEARCHES).toList()))
                    .append('\n');
        }
        servers.stream().distinct().limit(MAX_NAMESERVERS).forEach(s -> out.append("nameserver ").append(s)
                .append('\n'));
        if (!options.isEmpty()) {
            List<String> opts = new ArrayList<>();
            options.forEach((k, v) -> opts.add(v.map(x -> k + ":" + x).orElse(k)));
            out.append("options ").append(String.join(" ", opts)).append('\n');
        }
        return out.toString();
    }

    private static void parse(String conf, List<String> servers, Set<String> searches,
            Map<String, Optional<String>> options) {
        for (String line : conf.lines().map(String::strip).toList()) {
            String[] f = line.split("\\s+");
            if (f.length < 2 || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            switch (f[0]) {
                case "nameserver" -> servers.add(f[1]);
                case "search", "domain" -> searches.addAll(List.of(f).subList(1, f.length));
                case "options" -> {
                    for (String o : List.of(f).subList(1, f.length)) {
                        int colon = o.indexOf(':');
                        options.put(colon < 0 ? o : o.substring(0, colon),
                                colon < 0 ? Optional.empty() : Optional.of(o.substring(colon + 1)));
                    }
                }
                default -> { }
            }
        }
    }

    /**
     * {@return kubelet's managed hosts file}: the pod's address with its hostname, and with
     * {@code <hostname>.<subdomain>.<ns>.svc.<zone>} first when the pod sets a subdomain.
     */
    static String hosts(Pod pod, String podIp, String clusterDomain) {
        String hostname = Optional.ofNullable(pod.getSpec().getHostname()).filter(h -> !h.isEmpty())
                .orElse(pod.getMetadata().getName());
        String names = Optional.ofNullable(pod.getSpec().getSubdomain()).filter(s -> !s.isEmpty())
                .map(sub -> hostname + "." + sub + "." + pod.getMetadata().getNamespace() + ".svc." + clusterDomain
                        + "\t" + hostname)
                .orElse(hostname);
        return String.join("\n", List.of(
                "# Kubernetes-managed hosts file.",
                "127.0.0.1\tlocalhost",
                "::1\tlocalhost ip6-localhost ip6-loopback",
                "fe00::0\tip6-localnet",
                "fe00::0\tip6-mcastprefix",
                "fe00::1\tip6-allnodes",
                "fe00::2\tip6-allrouters",
                podIp + "\t" + names)) + "\n";
    }
}
