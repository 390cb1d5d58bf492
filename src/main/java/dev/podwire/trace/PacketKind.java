package dev.podwire.trace;

import java.util.Arrays;
import java.util.Optional;

/** Which way a traced packet went, as the trace table's marking chain named it. */
public enum PacketKind {
    /** From the client toward the target (before or after NAT). */
    REQUEST("probe_request"),
    /** From the target (or a NAT box on its behalf) back toward the client. */
    REPLY("probe_reply"),
    /** An ICMP error about the probe (a REJECT, an unreachable network, an expired TTL). */
    ICMP_ERROR("icmp_error");

    private final String chain;

    PacketKind(String chain) {
        this.chain = chain;
    }

    /** {@return the trace table's chain that marks packets of this kind} */
    public String chain() {
        return chain;
    }

    /** {@return the kind a marking chain stands for} */
    static Optional<PacketKind> ofChain(String chain) {
        return Arrays.stream(values()).filter(k -> k.chain.equals(chain)).findFirst();
    }
}
