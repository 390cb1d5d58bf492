package dev.podwire.backend;

import dev.podwire.subnet.Lease;
import java.util.Objects;

/**
 * A peer lease a backend leaves alone because it belongs to another backend, as flannel skips it.
 *
 * @param lease the peer's lease
 * @param reason flannel's log text, e.g. {@code Ignoring non-host-gw subnet: type=vxlan}
 */
public record IgnoredLease(Lease lease, String reason) {
    /** Validates. */
    public IgnoredLease {
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(reason, "reason");
    }
}
