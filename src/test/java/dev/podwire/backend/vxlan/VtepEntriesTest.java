package dev.podwire.backend.vxlan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.podwire.host.ip.BridgeFdb;
import dev.podwire.host.ip.Fixtures;
import dev.podwire.host.ip.IpNeigh;
import dev.podwire.net.IfName;
import dev.podwire.net.Ipv4;
import dev.podwire.net.Mac;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which kernel neighbour and FDB entries are flannel's, on entries captured from the real tools. */
class VtepEntriesTest {
    static final IfName VTEP = IfName.of("flannel.1");
    static final Mac PEER = Mac.parse("4a:4a:ee:b9:cb:2d");

    @Test
    void ownsOnlyPermanentSelfRemotesOfUnicastMacs() {
        List<BridgeFdb> fdb = BridgeFdb.parse(Fixtures.read("fdb-show-flannel.1.json"), VTEP);
        assertEquals(List.of(false, true), fdb.stream().map(FdbEntry::owned).toList(),
                "the all-zeros default destination is never ours");
        Optional<Ipv4> dst = Optional.of(Ipv4.parse("192.168.50.2"));
        assertEquals(false, FdbEntry.owned(new BridgeFdb(Mac.parse("33:33:00:00:00:01"), VTEP, dst,
                List.of("self"), "permanent")), "multicast");
        assertEquals(false, FdbEntry.owned(new BridgeFdb(PEER, VTEP, dst, List.of("self"), "")), "learned");
        assertEquals(false, FdbEntry.owned(new BridgeFdb(PEER, VTEP, Optional.empty(), List.of("self"),
                "permanent")), "no remote");
        assertEquals(true, new FdbEntry(PEER, VTEP, dst.get()).satisfiedBy(fdb.get(1)));
        assertEquals(false, new FdbEntry(PEER, VTEP, Ipv4.parse("192.168.50.3")).satisfiedBy(fdb.get(1)));
    }

    @Test
    void neighbourIsSatisfiedOnlyByThePermanentEntryWithItsMac() {
        List<IpNeigh> neighs = IpNeigh.parse(Fixtures.read("neigh-show-flannel.1.json"), VTEP);
        assertEquals(true, new NeighEntry(Ipv4.parse("10.244.1.0"), PEER, VTEP).satisfiedBy(neighs.get(0)));
        assertEquals(false, new NeighEntry(Ipv4.parse("10.244.1.0"), Mac.parse("6e:00:00:00:00:01"), VTEP)
                .satisfiedBy(neighs.get(0)));
        assertEquals(false, new NeighEntry(Ipv4.parse("10.244.3.0"), Mac.parse("6e:00:00:00:00:03"), VTEP)
                .satisfiedBy(neighs.get(1)), "a stale entry is not flannel's permanent one");
    }
}
