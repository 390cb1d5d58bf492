package dev.podwire.cni;

import static dev.podwire.golden.Golden.assertGolden;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.podwire.net.Cidr;
import dev.podwire.net.IfName;
import dev.podwire.net.Ipv4;
import dev.podwire.net.Netns;
import java.util.List;
import org.junit.jupiter.api.Test;

class CniRendererTest {
    private static final Cidr SUBNET = Cidr.parse("10.244.1.0/24");
    private static final Cidr NETWORK = Cidr.parse("10.244.0.0/16");

    private static PodWiring pod(String ns, String veth, String ip) {
        return new PodWiring(Netns.of("hostgw-hostgw-node"), Netns.of(ns), IfName.of(veth), Ipv4.parse(ip), SUBNET,
                NETWORK, 1500);
    }

    @Test
    void rendersBridgeNodeSideAndPodSideLikeTheBridgePlugin() {
        // Given out of order: the node-side script is sorted by pod namespace.
        var pods = List.of(pod("hostgw-pod-bbbbbbbbbb", "veth22222222", "10.244.1.3"),
                pod("hostgw-pod-aaaaaaaaaa", "veth11111111", "10.244.1.2"));
        String text = "# cni0 on the node\n" + CniRenderer.bridge(SUBNET, 1500)
                + "# node side\n" + CniRenderer.nodeSide(pods)
                + "# pod side of 10.244.1.2\n" + CniRenderer.podSide(pods.get(1));
        assertGolden("dev/podwire/cni/two-pods/ip.batch", text);
    }

    @Test
    void rejectsAnAddressOutsideTheNodesSubnet() {
        assertThrows(IllegalArgumentException.class, () -> pod("hostgw-pod-aaaaaaaaaa", "veth11111111", "10.244.2.2"));
    }
}
