package dev.podwire.backend.hostgw;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.podwire.backend.BackendEnv;
import dev.podwire.backend.NodeLink;
import dev.podwire.host.Command;
import dev.podwire.host.FakeExecutor;
import dev.podwire.host.Kernel;
import dev.podwire.host.ip.IpRoute;
import dev.podwire.net.Cidr;
import dev.podwire.net.IfName;
import dev.podwire.net.Ipv4;
import dev.podwire.net.Netns;
import dev.podwire.subnet.Lease;
import dev.podwire.subnet.LeaseAttrs;
import dev.podwire.subnet.LeaseView;
import dev.podwire.sync.Outcome;
import dev.podwire.sync.Pass;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The host-gw backend as the node agent runs it, pass after pass, on the stateful fake executor's route table. */
class HostGwSyncTest {
    private static final Netns NS = Netns.of("fx-hostgw-n1");
    private final FakeExecutor exec = new FakeExecutor();
    private final List<Lease> leases = new ArrayList<>();

    private static Lease lease(String subnet, String ip) {
        return new Lease(Cidr.parse(subnet), LeaseAttrs.hostGw(Ipv4.parse(ip)), Instant.MAX);
    }

    private final LeaseView view = new LeaseView() {
        @Override
        public Lease self() {
            return leases.getFirst();
        }

        @Override
        public List<Lease> all() {
            return List.copyOf(leases);
        }

        @Override
        public String prefix() {
            return "/coreos.com/network/subnets/";
        }
    };

    private List<String> routes() {
        return IpRoute.parse(exec.run(Command.of(NS, "ip", "-j", "route", "show")).orThrow().stdout()).stream()
                .map(r -> r.dst() + r.gateway().map(g -> " via " + g).orElse("")).toList();
    }

    @Test
    void routesFollowTheLeasesAndComeBackWhenDeletedByHand() {
        exec.run(Command.ipBatch(NS, "route add 192.168.31.0/24 dev ens33 proto kernel scope link src 192.168.31.201\n"))
                .orThrow();
        leases.add(lease("10.244.0.0/24", "192.168.31.201"));
        leases.add(lease("10.244.1.0/24", "192.168.31.202"));
        HostGw backend = new HostGw(new BackendEnv(new Kernel(NS, exec), new NodeLink("n1",
                Ipv4.parse("192.168.31.201"), IfName.of("ens33"), Cidr.parse("192.168.31.0/24"), 1500),
                Cidr.parse("10.244.0.0/16"), view, new SplittableRandom(1)));
        assertEquals(new Outcome.Done(1, List.of()), backend.sync(Pass.CHANGE));
        assertEquals(List.of("10.244.1.0/24 via 192.168.31.202", "192.168.31.0/24"), routes());
        assertEquals(new Outcome.Done(0, List.of()), backend.sync(Pass.RESYNC), "nothing to do");

        leases.add(lease("10.244.2.0/24", "192.168.31.203"));
        backend.sync(Pass.CHANGE);
        exec.run(Command.ipBatch(NS, "route del 10.244.1.0/24 via 192.168.31.202 dev ens33\n")).orThrow();
        assertEquals(new Outcome.Done(1, List.of()), backend.sync(Pass.RESYNC), "drift repaired on the resync");
        assertEquals(List.of("10.244.1.0/24 via 192.168.31.202", "10.244.2.0/24 via 192.168.31.203",
                "192.168.31.0/24"), routes());

        leases.remove(1);
        backend.sync(Pass.CHANGE);
        assertEquals(List.of("10.244.2.0/24 via 192.168.31.203", "192.168.31.0/24"), routes(),
                "a peer's lease gone, its route gone");
    }
}
