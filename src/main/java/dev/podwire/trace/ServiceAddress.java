package dev.podwire.trace;

/**
 * What the cluster says about a trace's target address when it is a Service's ClusterIP: the analyser needs it to
 * explain what kube-proxy does (and does not do) with the probe.
 *
 * @param service the Service as {@code namespace/name}
 * @param proxyMode kube-proxy's mode in the lab ({@code iptables}, {@code nftables})
 */
public record ServiceAddress(String service, String proxyMode) {
}
