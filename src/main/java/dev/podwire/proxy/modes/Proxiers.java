package dev.podwire.proxy.modes;

import dev.podwire.host.Kernel;
import dev.podwire.labfile.ProxyMode;
import dev.podwire.proxy.iptables.IptablesProxier;
import dev.podwire.proxy.Proxier;

/** The registry of kube-proxy modes: which {@link Proxier} runs a mode. */
public final class Proxiers {
    private Proxiers() {}

    /**
     * {@return the proxier of {@code mode} for the node {@code kernel} reaches}
     *
     * @throws IllegalArgumentException for a mode this build cannot run ({@link ProxyMode#unsupported()})
     */
    public static Proxier create(ProxyMode mode, Kernel kernel) {
        return switch (mode) {
            case IPTABLES -> new IptablesProxier(kernel);
            case NFTABLES -> throw new IllegalArgumentException("mode: " + mode.unsupported().orElseThrow());
        };
    }
}
