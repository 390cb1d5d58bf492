/**
 * The service proxy's input model, independent of fabric8 and of the rule backend: {@link
 * dev.podwire.proxy.ServicePortName}, {@link dev.podwire.proxy.ServiceInfo}, {@link dev.podwire.proxy.EndpointInfo}
 * and the per-sync {@link dev.podwire.proxy.ProxySnapshot}, built from Services and EndpointSlices by {@link
 * dev.podwire.proxy.ProxySnapshots}.
 *
 * <p>Design notes. The model mirrors kube-proxy's {@code proxy.ServicePort} / {@code proxy.Endpoint} interfaces so
 * that the iptables planner can follow kube-proxy's {@code syncProxyRules} decision by decision. Endpoint order is
 * kube-proxy's (the {@code ip:port} string, byte order) because it decides which endpoint carries which
 * probability. Everything here is pure and immutable.
 */
package dev.podwire.proxy;
