package dev.podwire.labfile;

import dev.podwire.net.Cidr;
import java.util.Objects;
import java.util.Optional;

/**
 * kube-proxy's settings ({@code spec.kubeProxy}), with {@code KubeProxyConfiguration} field names and defaults.
 *
 * @param mode iptables or nftables (default iptables)
 * @param clusterCidr {@code clusterCIDR}: traffic from outside it to a service is masqueraded; normally the pod
 *     Network
 * @param iptables the {@code iptables} section
 * @param nftables the {@code nftables} section
 */
public record KubeProxyOptions(ProxyMode mode, Optional<Cidr> clusterCidr, ProxySyncOptions iptables,
        ProxySyncOptions nftables) {
    /** Validates. */
    public KubeProxyOptions {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(clusterCidr, "clusterCidr");
        Objects.requireNonNull(iptables, "iptables");
        Objects.requireNonNull(nftables, "nftables");
    }

    /** {@return the section that applies to {@link #mode()}} */
    public ProxySyncOptions active() {
        return switch (mode) {
            case IPTABLES -> iptables;
            case NFTABLES -> nftables;
        };
    }
}
