package dev.podwire.proxy;

import dev.podwire.net.Cidr;
import java.util.Objects;
import java.util.Optional;

/**
 * The kube-proxy settings that shape the rules ({@code KubeProxyConfiguration} fields).
 *
 * @param clusterCidr {@code clusterCIDR}, the local-traffic detector; empty = none
 * @param masqueradeAll {@code iptables.masqueradeAll}
 * @param masqueradeBit {@code iptables.masqueradeBit}, 0..31 (default 14)
 */
public record ProxyOptions(Optional<Cidr> clusterCidr, boolean masqueradeAll, int masqueradeBit) {
    /** Validates. */
    public ProxyOptions {
        Objects.requireNonNull(clusterCidr, "clusterCidr");
        if (masqueradeBit < 0 || masqueradeBit > 31) {
            throw new IllegalArgumentException("masqueradeBit: " + masqueradeBit + " (expected: 0..31)");
        }
    }

    /** {@return kube-proxy's defaults with the given cluster CIDR: no masqueradeAll, bit 14} */
    public static ProxyOptions of(Cidr clusterCidr) {
        return new ProxyOptions(Optional.of(clusterCidr), false, 14);
    }
}
