package dev.podwire.host.ip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.podwire.host.Command;
import dev.podwire.host.CommandFailedException;
import dev.podwire.host.FakeExecutor;
import dev.podwire.host.Result;
import dev.podwire.net.IfName;
import dev.podwire.net.Netns;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IpReaderTest {
    static final Netns NS = Netns.of("rd-n1");
    static final IfName VTEP = IfName.of("flannel.1");

    /** Answers each command with the fixture captured from it. */
    static FakeExecutor replaying(Map<Command, String> fixtures) {
        return new FakeExecutor().respond(c -> Optional.ofNullable(fixtures.get(c))
                .map(name -> new Result(c, 0, Fixtures.read(name), "")));
    }

    @Test
    void runsEachRecordsCommandAndParsesItsOutput() {
        FakeExecutor fake = replaying(Map.of(
                IpRoute.command(NS), "route-show.json",
                IpRoute.command(NS, "all"), "route-show-table-all.json",
                IpLink.command(NS), "link-show.json",
                IpLink.command(NS, "veth"), "link-show-type-veth.json",
                IpLink.addrCommand(NS, IfName.of("eth0")), "addr-show-eth0.json",
                IpLink.detailsCommand(NS, VTEP), "addr-show-details-flannel.1.json",
                IpNeigh.command(NS, VTEP), "neigh-show-flannel.1.json",
                BridgeFdb.command(NS, VTEP), "fdb-show-flannel.1.json"));
        IpReader ip = new IpReader(fake);
        assertEquals(IpRoute.parse(Fixtures.read("route-show.json")), ip.routes(NS));
        assertEquals(IpRoute.parse(Fixtures.read("route-show-table-all.json"), "all"), ip.routes(NS, "all"));
        assertEquals(7, ip.links(NS).size());
        assertEquals(3, ip.links(NS, "veth").size());
        assertEquals(IfName.of("eth0"), ip.link(NS, IfName.of("eth0")).orElseThrow().name());
        assertEquals(1, ip.linkDetails(NS, VTEP).orElseThrow().vxlan().orElseThrow().vni());
        assertEquals(3, ip.neighbours(NS, VTEP).size());
        assertEquals(2, ip.fdb(NS, VTEP).size());
        assertEquals(List.of(IpRoute.command(NS), IpRoute.command(NS, "all"), IpLink.command(NS),
                IpLink.command(NS, "veth"), IpLink.addrCommand(NS, IfName.of("eth0")),
                IpLink.detailsCommand(NS, VTEP), IpNeigh.command(NS, VTEP), BridgeFdb.command(NS, VTEP)),
                fake.commands());
    }

    @Test
    void takesAMissingDeviceAsAbsentAndAnyOtherFailureAsAnError() {
        FakeExecutor fake = new FakeExecutor().respond(c -> Optional.of(c.netns().equals(NS)
                ? new Result(c, 1, "", Fixtures.read("addr-show-nosuch.stderr").lines().findFirst().orElseThrow())
                : new Result(c, 255, "", "Cannot open network namespace \"gone\": No such file or directory")));
        IpReader ip = new IpReader(fake);
        assertEquals(Optional.empty(), ip.link(NS, IfName.of("nosuch")));
        assertEquals(Optional.empty(), ip.linkDetails(NS, VTEP));
        assertThrows(CommandFailedException.class, () -> ip.linkDetails(Netns.of("gone"), VTEP));
        assertThrows(CommandFailedException.class, () -> ip.routes(NS));
        assertThrows(CommandFailedException.class, () -> ip.neighbours(NS, VTEP));
    }
}
