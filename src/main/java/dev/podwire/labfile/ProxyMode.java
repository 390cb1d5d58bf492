package dev.podwire.labfile;

/** kube-proxy's {@code mode} ({@code KubeProxyConfiguration.mode}); the empty string means iptables on Linux. */
public enum ProxyMode {
    /** {@code iptables}: one {@code iptables-restore} payload per sync. */
    IPTABLES,
    /** {@code nftables}: one {@code nft -f} transaction per sync in table {@code kube-proxy}. */
    NFTABLES;

    /** {@return the name as written in a lab file} */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
