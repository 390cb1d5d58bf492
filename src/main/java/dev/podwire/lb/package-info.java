/**
 * The lab load balancer: what fills {@code status.loadBalancer.ingress} on a cloud and forwards to the NodePorts.
 *
 * <p>It is a namespace ({@code <lab>-lb}) on the lab's first segment. Its own address is the network address of the
 * pool (the top /28 of the segment); each LoadBalancer Service's ingress address is added to its interface as a /32,
 * so it answers ARP for it on the LAN. New connections are DNATed round-robin to the NodePort of every node
 * ({@code externalTrafficPolicy: Cluster}) or of the nodes running a ready endpoint ({@code Local}, standing in for
 * the health check: an HTTP GET to each node's {@code healthCheckNodePort}, served by the node's proxy), and SNATed so replies return through it. Because of that SNAT the
 * pods see the balancer's address, as behind a classic cloud load balancer; reach a NodePort directly to see the
 * client's own address under {@code Local}. {@link dev.podwire.lb.LbPlanner} and {@link dev.podwire.lb.LbRenderer}
 * are pure; the daemon applies the result.
 */
package dev.podwire.lb;
