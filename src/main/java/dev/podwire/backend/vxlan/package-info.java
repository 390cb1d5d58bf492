/**
 * flannel's vxlan backend as data: the VTEP ({@link dev.podwire.backend.vxlan.VtepDevice}, reconciled against
 * the link as read ({@link dev.podwire.host.ip.IpLink}) into a {@link dev.podwire.backend.vxlan.VtepDecision}), the
 * per-peer entries ({@link dev.podwire.backend.vxlan.VxlanPlanner} -> {@link dev.podwire.backend.vxlan.VxlanPlan}
 * of {@link dev.podwire.backend.vxlan.NeighEntry}, {@link dev.podwire.backend.vxlan.FdbEntry} and routes, with
 * {@link dev.podwire.backend.vxlan.DirectRouting}), and the diff against the kernel
 * ({@link dev.podwire.backend.vxlan.VxlanChanges}) rendered as {@code ip -batch} and {@code bridge -batch} input.
 *
 * <p>Design notes. flannel's current design (since it dropped L2/L3-miss notifications) is static: every peer
 * lease becomes three kernel entries on {@code flannel.<VNI>}: a permanent ARP entry {@code <subnet>.0 -> VtepMAC}
 * (the peer's VTEP address is the network address of its subnet, assigned as /32), an FDB entry
 * {@code VtepMAC -> PublicIP} (the outer destination), and an onlink route {@code <subnet> via <subnet>.0} (onlink
 * because no subnet on flannel.1 covers the gateway). The kernel then needs no ARP, no learning and no multicast.
 * With DirectRouting, a peer on the node's own segment gets a host-gw style route instead and no overlay entries;
 * flannel decides that with {@code ip route get <peer>} ("one route, no gateway"), we decide it from the node's
 * connected subnets so the planner stays pure.
 *
 * <p>Everything here is pure; callers observe through {@link dev.podwire.host.ip.IpReader}
 * ({@code ip -j -d addr show dev flannel.1}, {@code ip -j route show}, {@code ip -j neigh show dev flannel.1},
 * {@code bridge -j fdb show dev flannel.1}).
 * Which of those entries are flannel's is decided here ({@link dev.podwire.backend.vxlan.FdbEntry#owned}).
 * The VTEP is ours, so permanent neighbours and permanent {@code self} FDB remotes on it that no lease wants are
 * deleted; routes reuse {@link dev.podwire.backend.RouteDiff} and its ownership rule. {@code ip -batch} is not
 * atomic, so only {@code replace} and exact {@code del} lines are emitted. Order follows flannel on addition
 * (neighbour, FDB, route: the route must not appear before its gateway resolves) and puts the route first on
 * removal. One deliberate difference: flannel deletes ARP, FDB, then route, leaving a moment where the route
 * points at an unresolvable gateway. A link of the VTEP's name is recreated only for flannel's incompatibilities
 * (type, VNI, underlay device, local address, l2miss, port, GBP); MAC, MTU and learning are changed in place.
 * Setting {@code net.ipv6.conf.flannel.1.accept_ra=0} (flannel does) is left to the caller: it is a sysctl, not ip.
 */
package dev.podwire.backend.vxlan;
