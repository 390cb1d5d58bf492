package dev.podwire.proxy;

/** {@code externalTrafficPolicy} / {@code internalTrafficPolicy}: which endpoints a packet may reach. */
public enum TrafficPolicy {
    /** Any ready endpoint in the cluster (the default). */
    CLUSTER,
    /** Only endpoints on the receiving node; the client's source IP is kept. */
    LOCAL
}
