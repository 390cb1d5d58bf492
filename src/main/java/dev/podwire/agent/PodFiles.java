package dev.podwire.agent;

import java.util.List;

/**
 * The files kubelet writes for a pod and {@code ip netns exec} mounts over {@code /etc}: {@code resolv.conf} (DNS
 * policy ClusterFirst) and {@code hosts}. Pure.
 */
final class PodFiles {
    private PodFiles() {}

    /** {@return kubelet's resolv.conf for a ClusterFirst pod} */
    static String resolvConf(String namespace, String clusterDomain, String nameserver) {
        return "search " + namespace + ".svc." + clusterDomain + " svc." + clusterDomain + " " + clusterDomain + "\n"
                + "nameserver " + nameserver + "\n"
                + "options ndots:5\n";
    }

    /** {@return kubelet's managed hosts file for a pod} */
    static String hosts(String podIp, String hostname) {
        return String.join("\n", List.of(
                "# Kubernetes-managed hosts file.",
                "127.0.0.1\tlocalhost",
                "::1\tlocalhost ip6-localhost ip6-loopback",
                "fe00::0\tip6-localnet",
                "fe00::0\tip6-mcastprefix",
                "fe00::1\tip6-allnodes",
                "fe00::2\tip6-allrouters",
                podIp + "\t" + hostname)) + "\n";
    }
}
