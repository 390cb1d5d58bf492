package dev.podwire.proxy;

import dev.podwire.net.Ipv4;
import java.util.Objects;
import java.util.Optional;

/**
 * One endpoint of a service port, from an EndpointSlice ({@code proxy.Endpoint}).
 *
 * @param ip the pod IP
 * @param port the resolved target port, 1..65535
 * @param ready {@code conditions.ready} (nil counts as true)
 * @param serving {@code conditions.serving} (nil = ready)
 * @param terminating {@code conditions.terminating} (nil = false)
 * @param nodeName the node the endpoint runs on, if known
 */
public record EndpointInfo(Ipv4 ip, int port, boolean ready, boolean serving, boolean terminating,
        Optional<String> nodeName) implements Comparable<EndpointInfo> {
    /** Validates. */
    public EndpointInfo {
        Objects.requireNonNull(ip, "ip");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
        }
        Objects.requireNonNull(nodeName, "nodeName");
    }

    /** {@return a ready, serving endpoint on {@code node}} */
    public static EndpointInfo ready(Ipv4 ip, int port, String node) {
        return new EndpointInfo(ip, port, true, true, false, Optional.of(node));
    }

    /** {@return whether the endpoint runs on {@code node}} */
    public boolean isLocalTo(String node) {
        return nodeName.filter(node::equals).isPresent();
    }

    /** {@return Go's {@code net.JoinHostPort} form, {@code ip:port}} */
    @Override
    public String toString() {
        return ip + ":" + port;
    }

    /** Orders like kube-proxy: by the {@code ip:port} string, byte by byte ("10.1.1.11:1" before "10.1.1.1:1"). */
    @Override
    public int compareTo(EndpointInfo other) {
        return toString().compareTo(other.toString());
    }
}
