package dev.podwire.trace;

import dev.podwire.host.ip.BridgeFdb;
import dev.podwire.host.ip.IpLink;
import dev.podwire.host.ip.IpNeigh;
import dev.podwire.host.ip.IpRoute;
import dev.podwire.net.IfName;
import dev.podwire.net.Ipv4;
import dev.podwire.net.Mac;
import java.util.List;
import java.util.Optional;

/** Turns the kernel's answers ({@code ip route get}, the VTEP, its neighbours and FDB) into trace values. Pure. */
final class KernelLookups {
    // The kernel's default VXLAN port, which ip does not print when the link was made without dstport.
    private static final int KERNEL_VXLAN_PORT = 8472;

    private KernelLookups() {
    }

    /** {@return the lookup from {@code ip -j route get} output, or its error text when it failed} */
    static RouteLookup route(String query, boolean ok, String stdout, String stderr) {
        if (!ok) {
            String err = stderr.strip().replaceFirst("^RTNETLINK answers: ", "");
            return new RouteLookup(query, Optional.empty(), Optional.empty(), Optional.of(err.isEmpty() ? "failed"
                    : err));
        }
        Optional<IpRoute> first = IpRoute.parse(stdout).stream().findFirst();
        Optional<String> dev = first.flatMap(IpRoute::dev).map(IfName::value);
        if (first.filter(r -> r.type().equals("local")).isPresent()) {
            dev = Optional.of("lo (local)");
        }
        return new RouteLookup(query, dev, first.flatMap(IpRoute::gateway), Optional.empty());
    }

    /** {@return the VXLAN header for a packet sent to {@code gateway} through a VXLAN device, if the tables have it} */
    static Optional<Encapsulation> vxlan(IfName device, Ipv4 gateway, Optional<IpLink> link, List<IpNeigh> neighs,
            List<BridgeFdb> fdb) {
        Optional<IpLink.Vxlan> vx = link.flatMap(IpLink::vxlan);
        Optional<Mac> mac = neighs.stream().filter(n -> n.ip().equals(gateway)).reduce((a, b) -> b)
                .flatMap(IpNeigh::lladdr);
        if (vx.isEmpty() || mac.isEmpty() || vx.get().local().isEmpty()) {
            return Optional.empty();
        }
        IpLink.Vxlan data = vx.get();
        return fdb.stream().filter(f -> f.mac().equals(mac.get()) && f.dst().isPresent()).findFirst()
                .map(f -> new Encapsulation(device.value(), data.vni(), data.local().get(), f.dst().get(),
                        data.port() == 0 ? KERNEL_VXLAN_PORT : data.port(), mac.get().toString(),
                        data.underlayDev().map(IfName::value), false));
    }
}
