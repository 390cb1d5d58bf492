package dev.podwire.backend;

import dev.podwire.subnet.Lease;
import java.util.Objects;

/**
 * A peer lease a backend cannot turn into routes or entries.
 *
 * @param lease the peer's lease
 * @param message why, and what to do instead
 */
public record PeerError(Lease lease, String message) {
    /** Validates. */
    public PeerError {
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(message, "message");
    }
}
