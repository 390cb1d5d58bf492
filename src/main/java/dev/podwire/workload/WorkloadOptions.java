package dev.podwire.workload;

import dev.podwire.net.Ipv4;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * How a workload binds and how long it waits; tests bind 127.0.0.1 on ephemeral ports and shorten the timeouts.
 *
 * @param bindAddress the local address of every listener ({@code 0.0.0.0} in pods)
 * @param ephemeralPorts bind port 0 instead of the spec's port (tests), reported through {@link Workload#boundPorts}
 * @param clock the source of {@code Date} headers and agnhost's {@code NOW:}
 * @param idleTimeout how long a connection may stay silent before it is closed
 * @param sniffTimeout how long to wait for the rest of a first line that might still become an HTTP request line
 * @param maxConnections connections served at once per TCP port; more are closed at once
 */
record WorkloadOptions(Ipv4 bindAddress, boolean ephemeralPorts, InstantSource clock, Duration idleTimeout,
        Duration sniffTimeout, int maxConnections) {

    /** Bytes a request head may take, like nginx's default {@code large_client_header_buffers 4 8k}, roughly. */
    static final int MAX_HEAD = 8192;
    /** Bytes a request body may take; the body is read and discarded. */
    static final long MAX_BODY = 1 << 20;

    WorkloadOptions {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(clock, "clock");
        requirePositive("idleTimeout", idleTimeout);
        requirePositive("sniffTimeout", sniffTimeout);
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections: " + maxConnections + " (expected: >= 1)");
        }
    }

    /** {@return what pods use: 0.0.0.0, the spec's ports, the system clock, 60 s idle, 1 s sniff, 1024 connections} */
    static WorkloadOptions pod() {
        return new WorkloadOptions(new Ipv4(0), false, InstantSource.system(), Duration.ofSeconds(60),
                Duration.ofSeconds(1), 1024);
    }

    private static void requirePositive(String field, Duration d) {
        Objects.requireNonNull(d, field);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + ": " + d + " (expected: positive)");
        }
    }
}
