package dev.podwire.labfile;

import dev.podwire.net.Ipv4;
import java.util.List;
import java.util.Objects;

/**
 * Cluster DNS settings ({@code spec.dns}): what kubelet's {@code clusterDNS}/{@code clusterDomain} and CoreDNS's
 * {@code kubernetes} and {@code forward} plugins are given. A declared setting, as written in the lab file;
 * the DNS server's run-time options derived from it are {@code dns.DnsServerOptions}.
 *
 * @param clusterDomain the cluster domain (default {@code cluster.local})
 * @param clusterIp the kube-dns service address (default: the 10th address of the service CIDR, as kubeadm)
 * @param upstream resolvers for names outside the cluster domain; empty = the nameservers of the node's
 *     {@code /etc/resolv.conf}, as CoreDNS's default Corefile ({@code dns.ResolvConf})
 * @param ttl record TTL in seconds, 0..3600 (default 5, as CoreDNS's {@code kubernetes} plugin)
 */
public record DnsOptions(String clusterDomain, Ipv4 clusterIp, List<Ipv4> upstream, int ttl) {
    /** Validates. */
    public DnsOptions {
        Objects.requireNonNull(clusterDomain, "clusterDomain");
        if (!NameRules.isSubdomain(clusterDomain)) {
            throw new IllegalArgumentException("clusterDomain: " + clusterDomain + " (expected: a DNS name)");
        }
        Objects.requireNonNull(clusterIp, "clusterIp");
        upstream = List.copyOf(upstream);
        if (ttl < 0 || ttl > 3600) {
            throw new IllegalArgumentException("ttl: " + ttl + " (expected: 0..3600)");
        }
    }
}
