package dev.podwire.cni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.podwire.host.Command;
import dev.podwire.host.FakeExecutor;
import dev.podwire.host.Result;
import dev.podwire.host.ip.IpLink;
import dev.podwire.host.ip.IpRoute;
import dev.podwire.net.IfName;
import dev.podwire.net.Ipv4;
import dev.podwire.net.Netns;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IpObservationsTest {

    @Test
    void readsVethEth0AndGatewayRoutesFromRealIpOutput() {
        var veths = IpObservations.veths(IpLink.parse(PodAdoptionTest.sample("node-veths.json")));
        assertEquals(new ObservedNode.Veth(IfName.of("veth0123abcd"), Optional.of("cni0"), true, 1450),
                veths.get(IfName.of("veth0123abcd")));
        var pod = IpObservations.pod(IpLink.parseOne(PodAdoptionTest.sample("pod-eth0.json")),
                IpRoute.parse(PodAdoptionTest.sample("pod-routes.json")));
        // The IPv6 link-local address and the kernel's connected route are not part of the wiring.
        assertEquals(Optional.of(new ObservedNode.Eth0(true, 1450, List.of("10.244.1.5/24"))), pod.eth0());
        assertEquals(Set.of("default via 10.244.1.1", "10.244.0.0/16 via 10.244.1.1"), pod.routes());
    }

    @Test
    void readsNamespaceListWithAndWithoutIds() {
        assertEquals(Set.of(Netns.of("a-pod-1"), Netns.of("a-n1")),
                IpObservations.namespaces("a-pod-1 (id: 3)\na-n1\n\n"));
    }

    @Test
    void rejectsOutputThatIsNotAnArray() {
        assertThrows(IllegalArgumentException.class, () -> IpObservations.veths(IpLink.parse("{\"x\":1}")));
    }

    @Test
    void observeReadsOnlyExistingPodNamespacesAndTakesAMissingEth0AsAbsent() {
        Netns node = Netns.of("ob-n1");
        Netns there = Netns.of("ob-pod-there");
        Netns gone = Netns.of("ob-pod-gone");
        FakeExecutor fake = new FakeExecutor().respond(c -> switch (String.join(" ", c.argv())) {
            case "ip netns list" -> Optional.of(new Result(c, 0, "ob-pod-there (id: 1)\nob-n1 (id: 0)\n", ""));
            case "ip -j addr show dev eth0" -> Optional.of(new Result(c, 1, "", "Device \"eth0\" does not exist.\n"));
            default -> Optional.empty();
        });
        ObservedNode seen = new CniReconciler(fake).observe(node, List.of(there, gone));
        assertEquals(Set.of(there, node), seen.namespaces());
        assertEquals(Optional.empty(), seen.pods().get(there).eth0());
        assertEquals(Set.of(there), seen.pods().keySet());
        assertEquals(List.of(Command.of(Netns.HOST, "ip", "netns", "list"),
                Command.of(node, "ip", "-j", "link", "show", "type", "veth"),
                Command.of(there, "ip", "-j", "addr", "show", "dev", "eth0"),
                Command.of(there, "ip", "-j", "route", "show")), fake.commands());
    }

    @Test
    void repairRunsOneNodeBatchThenOnlyThePodBatchesThatHaveWork() {
        FakeExecutor fake = new FakeExecutor();
        var pair = new PodDecision.Repair(PodAdoptionTest.WEB, PodAdoptionTest.wiring(PodAdoptionTest.WEB_IP),
                Set.of(PodDecision.Fix.VETH_PAIR));
        DesiredPod api = new DesiredPod("default", "api", "uid-api", "cid-api", Netns.of("ad-pod-api"),
                IfName.of("veth44444444"));
        var port = new PodDecision.Repair(api, new PodWiring(PodAdoptionTest.NODE, api.pod(), api.hostVeth(),
                Ipv4.parse("10.244.1.4"), PodAdoptionTest.SUBNET, PodAdoptionTest.NETWORK, 1450),
                Set.of(PodDecision.Fix.HOST_VETH));
        new CniReconciler(fake).repair(PodAdoptionTest.NODE, List.of(pair, port));
        assertEquals(List.of(PodAdoptionTest.NODE, PodAdoptionTest.WEB.pod()),
                fake.commands().stream().map(Command::netns).toList());
        assertEquals(CniRenderer.repairNodeSide(List.of(pair, port)), fake.commands().getFirst().stdin());
        new CniReconciler(fake).repair(PodAdoptionTest.NODE, List.of());
        assertEquals(2, fake.commands().size(), "no repairs, no commands");
    }

    @Test
    void cacheEntryRoundTripsThroughLibcniStyleJson() {
        CniCacheEntry e = new CniCacheEntry("cid-web", "default", "web", "uid-web", Netns.of("ad-pod-web"),
                IfName.of("veth0123abcd"), Ipv4.parse("10.244.1.5"), 24);
        dev.podwire.golden.Golden.assertGolden("dev/podwire/cni/cache/cbr0-cid-web-eth0", e.render());
        assertEquals(e, CniCacheEntry.parse(e.render()));
        assertThrows(IllegalArgumentException.class, () -> CniCacheEntry.parse("{\"netns\":\"/tmp/x\"}"));
    }
}
