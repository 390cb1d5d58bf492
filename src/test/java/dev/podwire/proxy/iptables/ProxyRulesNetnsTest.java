package dev.podwire.proxy.iptables;

import dev.podwire.testing.TestNetns;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import dev.podwire.netfilter.Jumps;
import dev.podwire.netfilter.Ruleset;
import dev.podwire.netfilter.PacketTracer;
import dev.podwire.netfilter.TracePacket;
import dev.podwire.netfilter.TraceResult;
import dev.podwire.netfilter.TraceVerdict;

/** Feeds rendered payloads to the real iptables-restore in a throw-away namespace and reads them back. */
@Tag("netns")
class ProxyRulesNetnsTest {
    /** Our chains and their rule counts, from a parsed dump (kernel form and restore form count alike). */
    private static Map<String, Integer> ours(Ruleset dump) {
        Map<String, Integer> out = new TreeMap<>();
        dump.tables().forEach(t -> t.chains().stream().filter(c -> c.name().startsWith("KUBE-"))
                .forEach(c -> out.put(t.name() + "/" + c.name(), c.rules().size())));
        return out;
    }

    private static Map<String, Integer> planned(ProxyPlan plan) {
        Map<String, Integer> out = new TreeMap<>();
        plan.filter().forEach(c -> out.put("filter/" + c.name(), c.rules().size()));
        plan.nat().forEach(c -> out.put("nat/" + c.name(), c.rules().size()));
        return out;
    }

    @Test
    void kernelAcceptsEveryScenarioAndFullSyncsDeleteStaleChains() {
        assumeTrue(TestNetns.isRoot(), "needs root");
        try (TestNetns ns = TestNetns.create("px")) {
            for (ProxyScenarios s : ProxyScenarios.all()) {
                Ruleset before = Ruleset.parse(ns.ok("iptables-save"));
                ProxyPlan plan = ProxyPlanner.plan(s.snapshot());
                ns.restore(IptablesRenderer.render(plan, before.chainNames("nat")));
                String saved = ns.ok("iptables-save");
                assertEquals(planned(plan), ours(Ruleset.parse(saved)), s.name() + "\n" + saved);
            }
            // The kernel's save form: canonical /32, --set-xmark, recent with --mask/--rsource, 11-digit probability.
            ProxyPlan affinity = ProxyPlanner.plan(ProxyScenarios.sessionAffinity().snapshot());
            ns.restore(IptablesRenderer.render(affinity, Ruleset.parse(ns.ok("iptables-save")).chainNames("nat")));
            String saved = ns.ok("iptables-save", "-t", "nat");
            assertTrue(saved.contains("-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000"), saved);
            assertTrue(saved.contains("--probability 0.33333333349"), saved);
            assertTrue(saved.contains("-j MASQUERADE --random-fully"), saved);
            assertTrue(saved.contains("--rcheck --seconds 10800 --reap --name KUBE-SEP-"), saved);
        }
    }

    @Test
    void jumpRulesAreInsertedOnceAndTracerReadsTheKernelsDump() {
        assumeTrue(TestNetns.isRoot(), "needs root");
        ProxyScenarios s = ProxyScenarios.seed001();
        ProxyPlan plan = ProxyPlanner.plan(s.snapshot());
        try (TestNetns ns = TestNetns.create("px")) {
            ns.restore(IptablesRenderer.render(plan));
            assertEquals(plan.jumps().size(), Jumps.ensure(ns::run, ns.netns(), plan.jumps()));
            assertEquals(0, Jumps.ensure(ns::run, ns.netns(), plan.jumps()), "a second full sync adds nothing");
            String save = ns.ok("iptables-save");
            assertEquals(List.of("-A INPUT -j KUBE-FIREWALL",
                    "-A INPUT -m conntrack --ctstate NEW -m comment --comment \"kubernetes load balancer firewall\""
                            + " -j KUBE-PROXY-FIREWALL",
                    "-A INPUT -m comment --comment \"kubernetes health check service ports\" -j KUBE-NODEPORTS",
                    "-A INPUT -m conntrack --ctstate NEW -m comment --comment \"kubernetes externally-visible service"
                            + " portals\" -j KUBE-EXTERNAL-SERVICES"),
                    save.lines().filter(l -> l.startsWith("-A INPUT ")).toList(), save);
            PacketTracer tracer = new PacketTracer(Ruleset.parse(save), new HashSet<>(s.snapshot().nodeIps()));
            TraceResult r = tracer.trace(TracePacket.tcp("192.168.56.1", "192.168.56.101", 30000),
                    new SplittableRandom(1));
            assertTrue(r.verdict() instanceof TraceVerdict.Dnat, r.toString());
            assertTrue(r.masqueraded());
            assertEquals("nat/PREROUTING", r.steps().getFirst().table() + "/" + r.steps().getFirst().chain());
            TraceResult pod = tracer.trace(TracePacket.tcp("10.244.0.5", "10.96.203.6", 8080), new SplittableRandom(1));
            assertTrue(pod.verdict() instanceof TraceVerdict.Dnat, pod.toString());
        }
    }

    @Test
    void partialSyncAppliesOnTopOfFullAndMatchesANewFullSync() {
        assumeTrue(TestNetns.isRoot(), "needs root");
        ProxyPlan p1 = ProxyPlanner.plan(ProxyScenarios.seed001().snapshot());
        ProxyPlan p2 = ProxyPlanner.plan(PartialSyncTest.after());
        try (TestNetns ns = TestNetns.create("px")) {
            ns.restore(IptablesRenderer.render(p1));
            ns.restore(IptablesRenderer.renderPartial(p2, p1));
            assertEquals(planned(p2), ours(Ruleset.parse(ns.ok("iptables-save"))));
            // And back: the scaled-down service regains its endpoint, echo disappears.
            ns.restore(IptablesRenderer.renderPartial(p1, p2));
            assertEquals(planned(p1), ours(Ruleset.parse(ns.ok("iptables-save"))));
        }
    }
}
