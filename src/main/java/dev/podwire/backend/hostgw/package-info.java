/**
 * flannel's host-gw backend: {@link dev.podwire.backend.hostgw.HostGwPlanner} turns the lease set into
 * {@code <peer subnet> via <peer PublicIP> dev <ext iface>} routes, returned with the leases it skipped as a
 * {@link dev.podwire.backend.hostgw.HostGwPlan}.
 *
 * <p>Design notes. Pure, like flannel's {@code hostgw.go} is thin: the planner knows nothing of netlink; the
 * shared {@code RouteDiff}/{@code RouteRenderer} apply the plan. One deliberate difference from flannel: a peer
 * outside the node's interface subnet is reported up front (host-gw needs L2 adjacency) instead of failing in the
 * kernel and being retried every 10 s. Mixed topologies want vxlan with DirectRouting.
 */
package dev.podwire.backend.hostgw;
