package dev.podwire.labfile;

import java.util.Locale;
import java.util.Optional;

/**
 * kube-proxy's {@code mode} ({@code KubeProxyConfiguration.mode}); the empty string means iptables on Linux. Which
 * modes this build can run is decided here, once: {@link #unsupported()} says why a mode cannot run.
 */
public enum ProxyMode {
    /** {@code iptables}: one {@code iptables-restore} payload per sync. */
    IPTABLES(Optional.empty()),
    /** {@code nftables}: one {@code nft -f} transaction per sync in table {@code kube-proxy}. */
    NFTABLES(Optional.of("is not supported yet"));

    private final Optional<String> unsupported;

    ProxyMode(Optional<String> unsupported) {
        this.unsupported = unsupported;
    }

    /**
     * {@return the mode {@code text} names, case-insensitively; "" is iptables}
     *
     * @throws IllegalArgumentException for a mode kube-proxy does not have
     */
    public static ProxyMode parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "", "iptables" -> IPTABLES;
            case "nftables" -> NFTABLES;
            default -> throw new IllegalArgumentException(text + " (expected: iptables or nftables)");
        };
    }

    /** {@return the name as written in a lab file} */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@return why this build cannot run the mode, e.g. {@code nftables is not supported yet (expected: iptables)}} */
    public Optional<String> unsupported() {
        return unsupported.map(why -> label() + " " + why + " (expected: " + supported() + ")");
    }

    private static String supported() {
        return String.join(" or ", java.util.Arrays.stream(values()).filter(m -> m.unsupported.isEmpty())
                .map(ProxyMode::label).toList());
    }
}
