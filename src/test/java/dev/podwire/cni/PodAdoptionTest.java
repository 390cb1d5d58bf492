package dev.podwire.cni;

import static dev.podwire.golden.Golden.assertGolden;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.podwire.cni.PodDecision.Fix;
import dev.podwire.host.ip.IpLink;
import dev.podwire.host.ip.IpRoute;
import dev.podwire.net.Cidr;
import dev.podwire.net.IfName;
import dev.podwire.net.Ipv4;
import dev.podwire.net.Netns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The adoption planner against {@code ip -j} output captured from a real pod wired by {@link CniRenderer}
 * ({@code src/test/resources/dev/podwire/cni/observed}: veth0123abcd on cni0, eth0 10.244.1.5/24, MTU 1450).
 */
class PodAdoptionTest {
    static final Netns NODE = Netns.of("ad-n1");
    static final Cidr SUBNET = Cidr.parse("10.244.1.0/24");
    static final Cidr NETWORK = Cidr.parse("10.244.0.0/16");
    static final DesiredPod WEB = new DesiredPod("default", "web", "uid-web", "cid-web", Netns.of("ad-pod-web"),
            IfName.of("veth0123abcd"));
    static final Ipv4 WEB_IP = Ipv4.parse("10.244.1.5");

    static String sample(String name) {
        try {
            return Files.readString(Path.of("src/test/resources/dev/podwire/cni/observed", name));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static ObservedNode observed(String veths, String eth0, String routes, Netns... namespaces) {
        Map<Netns, ObservedNode.Pod> pods = Map.of(WEB.pod(), IpObservations.pod(IpLink.parseOne(eth0), IpRoute.parse(routes)));
        return new ObservedNode(Set.of(namespaces), IpObservations.veths(IpLink.parse(veths)), pods);
    }

    static ObservedNode intact() {
        return observed(sample("node-veths.json"), sample("pod-eth0.json"), sample("pod-routes.json"), NODE,
                WEB.pod());
    }

    static AdoptionInput input(List<DesiredPod> desired, List<CniCacheEntry> cached, Map<String, List<Ipv4>> held,
            ObservedNode observed) {
        return new AdoptionInput(NODE, SUBNET, NETWORK, 1450, desired, cached, held, observed);
    }

    static CniCacheEntry cached(DesiredPod d, String uid, Ipv4 ip) {
        return new CniCacheEntry(d.containerId(), d.podNamespace(), d.podName(), uid, d.pod(), d.hostVeth(), ip, 24);
    }

    static PodWiring wiring(Ipv4 ip) {
        return new PodWiring(NODE, WEB.pod(), WEB.hostVeth(), ip, SUBNET, NETWORK, 1450);
    }

    @Test
    void keepsAPodWhoseNamespaceVethAddressAndRoutesAreIntact() {
        var plan = PodAdoption.plan(input(List.of(WEB), List.of(cached(WEB, "uid-web", WEB_IP)),
                Map.of("cid-web", List.of(WEB_IP)), intact()));
        assertEquals(List.of(new PodDecision.Keep(WEB, wiring(WEB_IP))), plan);
    }

    @Test
    void keepsAnIntactPodEvenWithoutACacheEntry() {
        // Wired by an agent that predates the cache: the kernel and host-local agree, so nothing needs touching.
        var plan = PodAdoption.plan(input(List.of(WEB), List.of(), Map.of("cid-web", List.of(WEB_IP)), intact()));
        assertEquals(List.of(new PodDecision.Keep(WEB, wiring(WEB_IP))), plan);
    }

    @Test
    void rebuildsOnlyTheRoutesWhenTheyAreMissing() {
        String kernelRouteOnly = "[{\"dst\":\"10.244.1.0/24\",\"dev\":\"eth0\",\"protocol\":\"kernel\"}]";
        var plan = PodAdoption.plan(input(List.of(WEB), List.of(), Map.of("cid-web", List.of(WEB_IP)),
                observed(sample("node-veths.json"), sample("pod-eth0.json"), kernelRouteOnly, WEB.pod())));
        assertEquals(List.of(new PodDecision.Repair(WEB, wiring(WEB_IP), Set.of(Fix.POD_ROUTES))), plan);
    }

    @Test
    void rewritesTheAddressWhenEth0DisagreesWithHostLocal() {
        Ipv4 held = Ipv4.parse("10.244.1.9");
        var plan = PodAdoption.plan(input(List.of(WEB), List.of(), Map.of("cid-web", List.of(held)), intact()));
        assertEquals(List.of(new PodDecision.Repair(WEB, wiring(held), Set.of(Fix.POD_ADDRESS, Fix.POD_ROUTES))),
                plan);
    }

    @Test
    void reattachesAVethThatLeftTheBridgeAndBringsDownLinksUp() {
        String detached = sample("node-veths.json").replace("\"master\":\"cni0\",", "");
        String eth0Down = sample("pod-eth0.json").replace("\"MULTICAST\",\"UP\",", "\"MULTICAST\",");
        var plan = PodAdoption.plan(input(List.of(WEB), List.of(), Map.of("cid-web", List.of(WEB_IP)),
                observed(detached, eth0Down, sample("pod-routes.json"), WEB.pod())));
        assertEquals(List.of(new PodDecision.Repair(WEB, wiring(WEB_IP), Set.of(Fix.HOST_VETH, Fix.POD_LINK))),
                plan);
    }

    @Test
    void recreatesTheVethPairInsideTheExistingNamespaceWhenBothEndsAreGone() {
        var plan = PodAdoption.plan(input(List.of(WEB), List.of(), Map.of("cid-web", List.of(WEB_IP)),
                observed("[]", "", "[]", WEB.pod())));
        assertEquals(List.of(new PodDecision.Repair(WEB, wiring(WEB_IP), Set.of(Fix.VETH_PAIR))), plan);
    }

    @Test
    void createsAPodWhoseNamespaceIsMissing() {
        var plan = PodAdoption.plan(input(List.of(WEB), List.of(), Map.of("cid-web", List.of(WEB_IP)),
                new ObservedNode(Set.of(NODE), Map.of(), Map.of())));
        assertEquals(List.of(new PodDecision.Create(WEB)), plan);
    }

    @Test
    void recreatesANamespaceWithoutAHostLocalAddressOrWithOneOutsideTheLease() {
        var none = PodAdoption.plan(input(List.of(WEB), List.of(), Map.of(), intact()));
        assertEquals(List.of(new PodDecision.Recreate(WEB, "no address held by host-local")), none);
        var moved = PodAdoption.plan(input(List.of(WEB), List.of(),
                Map.of("cid-web", List.of(Ipv4.parse("10.244.7.5"))), intact()));
        assertEquals(List.of(new PodDecision.Recreate(WEB,
                "address 10.244.7.5 is outside the node's subnet 10.244.1.0/24")), moved);
    }

    @Test
    void recreatesWhenOnlyOneEndOfThePairIsThere() {
        var plan = PodAdoption.plan(input(List.of(WEB), List.of(), Map.of("cid-web", List.of(WEB_IP)),
                observed("[]", sample("pod-eth0.json"), sample("pod-routes.json"), WEB.pod())));
        assertInstanceOf(PodDecision.Recreate.class, plan.getFirst());
    }

    @Test
    void deletesStalePodsFirstReleasesOrphanAddressesAndReplacesARecreatedPod() {
        DesiredPod gone = new DesiredPod("default", "gone", "uid-gone", "cid-gone", Netns.of("ad-pod-gone"),
                IfName.of("veth99999999"));
        CniCacheEntry goneEntry = cached(gone, "uid-gone", Ipv4.parse("10.244.1.7"));
        CniCacheEntry oldWeb = cached(WEB, "uid-old", WEB_IP);
        var plan = PodAdoption.plan(input(List.of(WEB), List.of(oldWeb, goneEntry),
                Map.of("cid-web", List.of(WEB_IP), "cid-gone", List.of(Ipv4.parse("10.244.1.7")),
                        "cid-orphan", List.of(Ipv4.parse("10.244.1.8"))), intact()));
        assertEquals(List.of(
                new PodDecision.Delete(goneEntry, "no longer assigned to this node"),
                new PodDecision.Delete(oldWeb, "re-created (uid uid-old -> uid-web)"),
                new PodDecision.Release("cid-orphan"),
                new PodDecision.Create(WEB)), plan);
    }

    @Test
    void rendersRepairsTouchingOnlyWhatIsBroken() {
        DesiredPod api = new DesiredPod("default", "api", "uid-api", "cid-api", Netns.of("ad-pod-api"),
                IfName.of("veth44444444"));
        var pair = new PodDecision.Repair(api, new PodWiring(NODE, api.pod(), api.hostVeth(), Ipv4.parse("10.244.1.4"),
                SUBNET, NETWORK, 1450), Set.of(Fix.VETH_PAIR));
        var port = new PodDecision.Repair(WEB, wiring(WEB_IP), Set.of(Fix.HOST_VETH, Fix.POD_ROUTES));
        var address = new PodDecision.Repair(WEB, wiring(WEB_IP), Set.of(Fix.POD_LINK, Fix.POD_ADDRESS,
                Fix.POD_ROUTES));
        assertGolden("dev/podwire/cni/adoption-repairs/ip.batch", "# node side (pair for api, port for web)\n"
                + CniRenderer.repairNodeSide(List.of(port, pair))
                + "# api: new pair, whole pod side\n" + CniRenderer.repairPodSide(pair)
                + "# web: routes only\n" + CniRenderer.repairPodSide(port)
                + "# web: link, address and routes\n" + CniRenderer.repairPodSide(address));
    }
}
