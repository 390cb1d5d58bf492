package dev.podwire.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podwire.host.Command;
import dev.podwire.host.FakeExecutor;
import dev.podwire.host.ip.IpRoute;
import dev.podwire.net.Cidr;
import dev.podwire.net.IfName;
import dev.podwire.net.Ipv4;
import dev.podwire.net.Netns;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The route half of a backend sync (observe with {@code ip -j route show}, diff, apply one {@code ip -batch}) against
 * the stateful fake executor's route table, pass after pass, as the node agent runs it.
 */
class RouteReconcileTest {
    private static final Netns NS = Netns.of("fx-routes");
    private static final IfName ENS33 = IfName.of("ens33");
    private static final RouteOwnership OWN = new RouteOwnership(Cidr.parse("10.244.0.0/16"),
            Cidr.parse("10.244.0.0/24"));
    private final FakeExecutor exec = new FakeExecutor();

    private static Route via(String dst, String gw) {
        return new Route(Cidr.parse(dst), new NextHop.Via(Ipv4.parse(gw), ENS33));
    }

    /** One pass; {@return the batch it applied} */
    private String pass(RoutePlan plan) {
        List<IpRoute> seen = IpRoute.parse(exec.run(Command.of(NS, "ip", "-j", "route", "show"))
                .orThrow().stdout());
        String batch = RouteRenderer.render(RouteDiff.diff(OWN, plan, seen));
        if (!batch.isEmpty()) {
            exec.run(Command.ipBatch(NS, batch)).orThrow();
        }
        return batch;
    }

    @Test
    void passesConvergeAndOnlyOwnedStaleRoutesGo() {
        exec.run(Command.ipBatch(NS, """
                route add 192.168.31.0/24 dev ens33 proto kernel scope link src 192.168.31.201
                route add default via 192.168.31.1 dev ens33
                route add 10.244.5.0/24 via 192.168.31.9 dev ens33 proto static
                route add 10.244.4.0/24 via 192.168.31.204 dev ens33
                """)).orThrow();
        RoutePlan plan = new RoutePlan(List.of(via("10.244.1.0/24", "192.168.31.202"),
                via("10.244.2.0/24", "192.168.31.203")));
        assertEquals("""
                route replace 10.244.1.0/24 via 192.168.31.202 dev ens33
                route replace 10.244.2.0/24 via 192.168.31.203 dev ens33
                route del 10.244.4.0/24 via 192.168.31.204 dev ens33
                """, pass(plan));
        assertEquals("", pass(plan), "the second pass finds everything in place");

        // A peer moves to another address: replaced in place, nothing deleted.
        RoutePlan moved = new RoutePlan(List.of(via("10.244.1.0/24", "192.168.31.212"),
                via("10.244.2.0/24", "192.168.31.203")));
        assertEquals("route replace 10.244.1.0/24 via 192.168.31.212 dev ens33\n", pass(moved));
        List<IpRoute> now = IpRoute.parse(exec.run(Command.of(NS, "ip", "-j", "route", "show"))
                .orThrow().stdout());
        assertEquals(List.of("0.0.0.0/0", "10.244.1.0/24", "10.244.2.0/24", "10.244.5.0/24", "192.168.31.0/24"),
                now.stream().map(r -> r.dst().toString()).toList());
        assertTrue(via("10.244.1.0/24", "192.168.31.212").satisfiedBy(now.get(1)));
        assertEquals("static", now.get(3).protocol(), "not ours, kept");
    }
}
