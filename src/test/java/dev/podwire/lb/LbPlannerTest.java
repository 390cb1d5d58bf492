package dev.podwire.lb;

import static dev.podwire.golden.Golden.assertGolden;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.podwire.net.Ipv4;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LbPlannerTest {
    private static final Map<String, Ipv4> NODES = new LinkedHashMap<>();

    static {
        NODES.put("n1", Ipv4.parse("192.168.16.11"));
        NODES.put("n2", Ipv4.parse("192.168.16.12"));
        NODES.put("n3", Ipv4.parse("192.168.16.13"));
    }

    private static Service lb(String name, String ingress, int nodePort, String policy) {
        return new ServiceBuilder().withNewMetadata().withNamespace("default").withName(name).endMetadata()
                .withNewSpec().withType("LoadBalancer").withExternalTrafficPolicy(policy)
                .addNewPort().withName("http").withPort(80).withNodePort(nodePort).withProtocol("TCP").endPort()
                .withHealthCheckNodePort(policy.equals("Local") ? 32000 : null)
                .endSpec().withNewStatus().withNewLoadBalancer().addNewIngress().withIp(ingress).endIngress()
                .endLoadBalancer().endStatus().build();
    }

    @Test
    void clusterPolicyTargetsEveryNodeAndLocalOnlyNodesWithAReadyEndpoint() {
        // Only n2 passes solo's health check; nobody passes none's.
        List<LbForward> plan = LbPlanner.plan(List.of(lb("web", "192.168.16.241", 30840, "Cluster"),
                lb("solo", "192.168.16.242", 30100, "Local"), lb("none", "192.168.16.243", 30200, "Local")),
                (ns, name, node) -> name.equals("solo") && node.equals("n2"), NODES);
        assertEquals(List.copyOf(NODES.values()), plan.get(0).targets());
        assertEquals(List.of(Ipv4.parse("192.168.16.12")), plan.get(1).targets());
        assertEquals(List.of(), plan.get(2).targets());
        // Round robin over three nodes, one node for Local, and no rule at all without a healthy node.
        assertGolden("dev/podwire/lb/three-services/iptables.rules", LbRenderer.render(plan));
    }

    @Test
    void pendingLoadBalancersAndOtherTypesAreIgnored() {
        Service pending = lb("p", "192.168.16.241", 30000, "Cluster");
        pending.getStatus().getLoadBalancer().setIngress(List.of());
        Service clusterIp = new ServiceBuilder().withNewMetadata().withNamespace("default").withName("c")
                .endMetadata().withNewSpec().withType("ClusterIP").endSpec().build();
        assertEquals(List.of(), LbPlanner.plan(List.of(pending, clusterIp), (ns, name, node) -> true, NODES));
    }
}
