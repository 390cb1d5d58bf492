package dev.podwire.proxy.iptables;

/**
 * What the host's iptables offers, and kube-proxy settings that only change rule text.
 *
 * @param randomFully {@code MASQUERADE --random-fully} is supported ({@code ipt.HasRandomFully()})
 * @param nfacct the nfacct counters {@code ct_state_invalid_dropped_pkts} and {@code localhost_nps_accepted_pkts}
 *     exist (adds {@code -m nfacct} matches and the localhost NodePort rules)
 * @param localhostNodePorts {@code iptables.localhostNodePorts} (default true): writes KUBE-FIREWALL's localnet rule
 * @param invalidDrop {@code nf_conntrack_tcp_be_liberal} is 0, so KUBE-FORWARD drops ctstate INVALID
 * @param goMarkFormat write marks as Go's {@code %#08x} ({@code 0x00004000}, what a real kube-proxy writes) rather
 *     than {@code 0x4000} (what kube-proxy's unit tests inject)
 */
public record IptablesFeatures(boolean randomFully, boolean nfacct, boolean localhostNodePorts, boolean invalidDrop,
        boolean goMarkFormat) {
    /** {@return a real kube-proxy on a modern host: random-fully, no nfacct, localhost NodePorts, 0x00004000} */
    public static IptablesFeatures defaults() {
        return new IptablesFeatures(true, false, true, true, true);
    }

    /** {@return kube-proxy's unit-test fake: no random-fully, nfacct present, marks as 0x4000} */
    public static IptablesFeatures kubeProxyTestFake() {
        return new IptablesFeatures(false, true, true, true, false);
    }

    /** {@return {@code mark} formatted as this proxy writes it} */
    public String mark(int mark) {
        return goMarkFormat ? String.format("0x%08x", mark) : "0x" + Integer.toHexString(mark);
    }
}
