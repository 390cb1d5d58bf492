package dev.podwire.proxy;

import dev.podwire.host.Kernel;
import dev.podwire.net.Protocol;
import java.util.Set;
import java.util.TreeSet;

/**
 * kube-proxy's conntrack clean-up for UDP: a datagram client keeps its conntrack entry, so it would keep talking to a
 * pod that went away; after each sync, the entries of (service address, vanished endpoint) pairs are deleted.
 */
final class StaleUdp {
    private StaleUdp() {}

    /** {@return how many deletions ran}: one per UDP (service address, vanished endpoint) pair, as kube-proxy does. */
    static int clear(Kernel kernel, ProxySnapshot before, ProxySnapshot after) {
        int n = 0;
        for (ServiceInfo svc : before.services()) {
            if (svc.name().protocol() != Protocol.UDP) {
                continue;
            }
            Set<String> still = new TreeSet<>();
            after.endpointsOf(svc.name()).stream().filter(EndpointInfo::ready).forEach(e -> still.add(e.ip() + ""));
            for (EndpointInfo gone : before.endpointsOf(svc.name())) {
                if (still.contains(gone.ip().toString())) {
                    continue;
                }
                // Exit 1 only says no entry matched; that is the common case.
                kernel.run("conntrack", "-D", "-p", "udp", "--orig-dst", svc.clusterIp().toString(), "--dst-nat",
                        gone.ip().toString());
                n++;
            }
        }
        return n;
    }
}
