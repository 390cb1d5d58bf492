package dev.podwire.proxy.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podwire.net.Ipv4;
import dev.podwire.net.Protocol;
import dev.podwire.proxy.ProxySnapshot;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import dev.podwire.netfilter.PacketTracer;
import dev.podwire.netfilter.TracePacket;
import dev.podwire.netfilter.TraceResult;
import dev.podwire.netfilter.TraceVerdict;

/** kube-proxy's tracePacket approach: sync a node on the stateful fake, read its rules back, walk packets. */
class PacketTracerTest {
    private static final RandomGenerator RNG = new SplittableRandom(42);

    private static PacketTracer tracer(ProxySnapshot s) {
        FakeNode node = new FakeNode();
        node.fullSync(ProxyPlanner.plan(s));
        return new PacketTracer(node.save(), new HashSet<>(s.nodeIps()));
    }

    private static TraceVerdict dnat(String ip, int port) {
        return new TraceVerdict.Dnat(Ipv4.parse(ip), port);
    }

    @Test
    void probabilityChainSpreadsThreeHundredPacketsOverEveryEndpoint() {
        PacketTracer t = tracer(ProxyScenarios.seed001().snapshot());
        Set<TraceVerdict> seen = new HashSet<>();
        RandomGenerator rng = new SplittableRandom(7);
        int[] counts = new int[3];
        List<TraceVerdict> eps = List.of(dnat("10.244.1.28", 80), dnat("10.244.1.29", 80), dnat("10.244.2.22", 80));
        for (int i = 0; i < 300; i++) {
            TraceVerdict v = t.trace(TracePacket.tcp("10.244.0.5", "10.96.203.6", 8080), rng).verdict();
            seen.add(v);
            counts[eps.indexOf(v)]++;
        }
        assertEquals(Set.copyOf(eps), seen);
        for (int c : counts) {
            assertTrue(c > 60 && c < 140, "roughly uniform: " + java.util.Arrays.toString(counts));
        }
    }

    @Test
    void podToClusterIpIsNotMasqueradedButOffClusterClientIs() {
        PacketTracer t = tracer(ProxyScenarios.seed000().snapshot());
        TraceResult pod = t.trace(TracePacket.tcp("10.244.1.2", "10.96.0.10", 9153), RNG);
        assertTrue(pod.verdict() instanceof TraceVerdict.Dnat, pod.toString());
        assertFalse(pod.masqueraded());
        assertEquals(List.of("nat/PREROUTING", "nat/KUBE-SERVICES", "nat/KUBE-SVC-JD5MR3NA4I4DYORP"),
                pod.chains().subList(0, 3));
        TraceResult outside = t.trace(TracePacket.tcp("192.168.31.50", "10.96.0.10", 9153), RNG);
        assertTrue(outside.masqueraded(), outside.toString());
    }

    @Test
    void nodePortOnNodeIpIsDnatedAndMasqueraded() {
        PacketTracer t = tracer(ProxyScenarios.seed001().snapshot());
        TraceResult r = t.trace(TracePacket.tcp("192.168.56.1", "192.168.56.101", 30000), RNG);
        assertTrue(List.of(dnat("10.244.1.32", 80), dnat("10.244.1.33", 80), dnat("10.244.2.26", 80))
                .contains(r.verdict()), r.toString());
        assertTrue(r.masqueraded());
        assertTrue(r.chains().contains("nat/KUBE-NODEPORTS"));
    }

    @Test
    void serviceWithoutEndpointsIsRejectedOnEveryAddress() {
        PacketTracer t = tracer(ProxyScenarios.noEndpoints().snapshot());
        assertEquals(new TraceVerdict.Reject(),
                t.trace(TracePacket.tcp("10.244.1.9", "10.96.0.50", 80), RNG).verdict());
        assertEquals(new TraceVerdict.Reject(),
                t.trace(TracePacket.tcp("192.168.1.99", "192.168.1.11", 30080), RNG).verdict());
        assertEquals(new TraceVerdict.Reject(),
                t.trace(TracePacket.tcp("192.168.1.99", "192.168.1.50", 80), RNG).verdict());
        assertEquals(new TraceVerdict.Reject(),
                t.trace(TracePacket.tcp("192.168.1.99", "203.0.113.10", 80), RNG).verdict());
        TraceResult fromHost = t.trace(new TracePacket(Ipv4.parse("192.168.1.11"), Ipv4.parse("10.96.0.50"),
                Protocol.TCP, 80, true), RNG);
        assertEquals(new TraceVerdict.Reject(), fromHost.verdict());
        // A port the service does not have is nobody's business.
        assertEquals(new TraceVerdict.NoMatch(),
                t.trace(TracePacket.tcp("10.244.1.9", "10.96.0.50", 81), RNG).verdict());
    }

    @Test
    void externalTrafficPolicyLocalKeepsClientIpAndDropsWithoutLocalEndpoint() {
        PacketTracer t = tracer(ProxyScenarios.externalLocal().snapshot());
        for (int i = 0; i < 20; i++) {
            TraceResult r = t.trace(TracePacket.tcp("198.51.100.7", "192.168.1.11", 30060), RNG);
            assertEquals(dnat("10.244.1.5", 8080), r.verdict());
            assertFalse(r.masqueraded());
        }
        TraceResult drop = t.trace(TracePacket.tcp("198.51.100.7", "192.168.1.11", 30061), RNG);
        assertEquals(new TraceVerdict.Drop(), drop.verdict(), drop.toString());
        // A pod is short-circuited to the Cluster chain, so it reaches the remote endpoint.
        TraceResult pod = t.trace(TracePacket.tcp("10.244.1.9", "192.168.1.11", 30061), RNG);
        assertEquals(dnat("10.244.2.6", 8080), pod.verdict(), pod.toString());
    }

    @Test
    void sourceRangesLetListedClientsInAndDropTheRest() {
        PacketTracer t = tracer(ProxyScenarios.loadBalancerSourceRanges().snapshot());
        assertEquals(dnat("10.244.1.40", 8443),
                t.trace(TracePacket.tcp("198.51.100.7", "203.0.113.80", 443), RNG).verdict());
        TraceResult denied = t.trace(TracePacket.tcp("8.8.8.8", "203.0.113.80", 443), RNG);
        assertEquals(new TraceVerdict.Drop(), denied.verdict());
        assertTrue(denied.chains().contains("filter/KUBE-PROXY-FIREWALL"), denied.toString());
    }

    @Test
    void clientIpAffinityPinsAKnownClientAndRecordsNewOnes() {
        ProxyScenarios s = ProxyScenarios.sessionAffinity();
        PacketTracer t = tracer(s.snapshot());
        TraceResult first = t.trace(TracePacket.tcp("10.244.3.3", "10.96.1.10", 80), RNG);
        assertEquals(1, first.recentSet().size());
        for (int i = 0; i < 30; i++) {
            TraceResult again = t.trace(TracePacket.tcp("10.244.3.3", "10.96.1.10", 80), RNG, first.recentSet());
            assertEquals(first.verdict(), again.verdict());
        }
        assertEquals(new TraceVerdict.Drop(), t.trace(new TracePacket(Ipv4.parse("10.244.1.3"), Ipv4.parse("10.96.1.11"),
                Protocol.UDP, 11211, false), RNG).verdict());
    }

    @Test
    void masqueradeAllMasqueradesPodTraffic() {
        PacketTracer t = tracer(ProxyScenarios.masqueradeAll().snapshot());
        TraceResult r = t.trace(TracePacket.tcp("10.244.1.7", "10.96.2.10", 80), RNG);
        assertTrue(r.verdict() instanceof TraceVerdict.Dnat);
        assertTrue(r.masqueraded());
    }
}
