package dev.podwire.proxy;

/** {@code Service.spec.type} for the types the proxy programs (ExternalName services are never proxied). */
public enum ServiceType {
    /** Reachable on the cluster IP only. */
    CLUSTER_IP,
    /** Also on a port of every node. */
    NODE_PORT,
    /** Also on the load balancer's ingress IPs. */
    LOAD_BALANCER
}
