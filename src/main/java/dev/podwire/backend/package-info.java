/**
 * Pod-network backends: how a node's pods reach the other nodes' pods. {@link dev.podwire.backend.Backend} is the seam
 * (set up, the attributes a node publishes in its lease, and sync as a {@link dev.podwire.sync.Syncer}); each backend
 * is a package of its own owning plan, render and apply ({@code backend.hostgw}, {@code backend.vxlan}), created by
 * {@code flannel.Backends} from net-conf's {@code Backend} section, and learns its peers through
 * {@link dev.podwire.backend.PeerLeases}, the checks every lease-driven backend shares. Shared kernel state, planned as
 * data: routes ({@link dev.podwire.backend.Route} with a sealed {@link dev.podwire.backend.NextHop},
 * {@link dev.podwire.backend.RoutePlan}), what the kernel has ({@link dev.podwire.host.ip.IpRoute}, read with
 * {@code ip -j route show}), the difference ({@link dev.podwire.backend.RouteDiff} under a
 * {@link dev.podwire.backend.RouteOwnership}) rendered as {@code ip -batch} lines
 * ({@link dev.podwire.backend.RouteRenderer}), and flanneld's iptables rules ({@link dev.podwire.backend.FlannelRules},
 * written and ensured through {@code dev.podwire.netfilter}).
 *
 * <p>Design notes. Planning is pure: backends read the routes through {@link dev.podwire.host.ip.IpReader} and feed
 * what they read in. Routes cannot be owned wholesale (the main table is shared with the kernel and other daemons)
 * and {@code ip -batch} is not atomic, so routes are diffed: only {@code replace} (idempotent) and exact {@code del}
 * lines are emitted, and only routes that are provably ours (proto boot, inside the pod network, not our own subnet)
 * are ever deleted. iptables chains are ours by name, so they are rewritten whole by one
 * {@code iptables-restore --noflush} payload per sync; the jump rules in built-in chains are the exception and are
 * checked with {@code iptables -C} and added only when missing ({@code dev.podwire.netfilter.Jumps}). Rule text
 * matches flanneld v0.20+ byte for byte, checked against the real tools in a namespace test.
 */
package dev.podwire.backend;
