package dev.podwire.labfile;

import java.time.Duration;
import java.util.Objects;

/**
 * The {@code iptables} (or {@code nftables}) section of a {@code KubeProxyConfiguration}.
 *
 * @param masqueradeAll SNAT all traffic sent to a service address (default false)
 * @param masqueradeBit the fwmark bit that marks packets for SNAT, 0..31 (default 14, mark {@code 0x4000})
 * @param minSyncPeriod the least time between two syncs (default 1s)
 * @param syncPeriod the longest time between two full syncs (default 30s)
 */
public record ProxySyncOptions(boolean masqueradeAll, int masqueradeBit, Duration minSyncPeriod, Duration syncPeriod) {
    /** Validates. */
    public ProxySyncOptions {
        if (masqueradeBit < 0 || masqueradeBit > 31) {
            throw new IllegalArgumentException("masqueradeBit: " + masqueradeBit + " (expected: 0..31)");
        }
        Objects.requireNonNull(minSyncPeriod, "minSyncPeriod");
        Objects.requireNonNull(syncPeriod, "syncPeriod");
        if (minSyncPeriod.isNegative()) {
            throw new IllegalArgumentException("minSyncPeriod: " + minSyncPeriod + " (expected: >= 0)");
        }
        if (syncPeriod.isNegative() || syncPeriod.isZero()) {
            throw new IllegalArgumentException("syncPeriod: " + syncPeriod + " (expected: > 0)");
        }
    }

    /** {@return kube-proxy's defaults: no masquerade-all, bit 14, 1s, 30s} */
    public static ProxySyncOptions defaults() {
        return new ProxySyncOptions(false, 14, Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    /** {@return the fwmark value of {@link #masqueradeBit()}, e.g. {@code 0x4000} for bit 14} */
    public int masqueradeMark() {
        return 1 << masqueradeBit;
    }
}
