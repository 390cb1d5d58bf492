package dev.podwire.proxy.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podwire.golden.Golden;
import dev.podwire.net.Ipv4;
import dev.podwire.proxy.EndpointInfo;
import dev.podwire.net.Protocol;
import dev.podwire.proxy.ProxySnapshot;
import dev.podwire.proxy.ServiceInfo;
import dev.podwire.proxy.ServicePortName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import dev.podwire.netfilter.Ruleset;
import dev.podwire.netfilter.Rule;

class PartialSyncTest {
    static final ServicePortName HTTPD = new ServicePortName("default", "httpd-svc", "", Protocol.TCP);
    static final ServicePortName MYHTTPD = new ServicePortName("default", "myhttpd-svc", "", Protocol.TCP);
    static final ServicePortName ECHO = new ServicePortName("default", "echo", "", Protocol.UDP);

    /** Seed 001 after httpd scaled 3 -> 2 (10.244.2.22 gone) and a new UDP service echo appeared. */
    static ProxySnapshot after() {
        ProxySnapshot before = ProxyScenarios.seed001().snapshot();
        List<ServiceInfo> services = new ArrayList<>(before.services());
        services.add(ServiceInfo.of(ECHO, Ipv4.parse("10.96.100.1"), 7));
        Map<ServicePortName, List<EndpointInfo>> eps = new TreeMap<>(before.endpoints());
        eps.put(HTTPD, before.endpointsOf(HTTPD).subList(0, 2));
        eps.put(ECHO, List.of(EndpointInfo.ready(Ipv4.parse("10.244.1.50"), 7, "k8s-02")));
        return new ProxySnapshot(before.nodeName(), before.nodeIps(), before.clusterCidr(), services, eps,
                before.masqueradeAll(), before.masqueradeBit());
    }

    static ProxyPlan plan(ProxySnapshot s) {
        return ProxyPlanner.plan(s);
    }

    /** Chain name -> rule texts, per table, ignoring declaration order. */
    static Map<String, List<String>> content(Ruleset dump) {
        Map<String, List<String>> out = new TreeMap<>();
        dump.tables().forEach(t -> t.chains().forEach(c -> out.put(t.name() + "/" + c.name(),
                c.rules().stream().map(Rule::text).toList())));
        return out;
    }

    @Test
    void rewritesOnlyChangedServicesAndDeletesVanishedChains() {
        ProxyPlan p1 = plan(ProxyScenarios.seed001().snapshot());
        ProxyPlan p2 = plan(after());
        assertEquals(Set.of(HTTPD, ECHO), IptablesRenderer.changedServices(p2, p1));
        String partial = IptablesRenderer.renderPartial(p2, p1);
        String gone = ChainNames.endpointChain(HTTPD, EndpointInfo.ready(Ipv4.parse("10.244.2.22"), 80, "x"));
        assertTrue(partial.contains("-X " + gone + "\n"), partial);
        assertTrue(partial.contains(":" + ChainNames.serviceChain(HTTPD) + " - [0:0]\n"));
        assertFalse(partial.contains(ChainNames.serviceChain(MYHTTPD) + " - [0:0]"), partial);
        // The top-level chains still jump to the untouched service's chain.
        assertTrue(partial.contains("-j " + ChainNames.serviceChain(MYHTTPD) + "\n"));
        Golden.assertGolden("dev/podwire/proxy/partial-sync/iptables.rules", """
                # Partial sync after seed 001: httpd-svc scaled 3 -> 2 and UDP service default/echo added.
                # Rewritten: every top-level chain of both tables, httpd-svc's and echo's chains; myhttpd-svc's
                # chains are not mentioned (kept as they are); the vanished SEP chain is flushed and -X'ed.
                """ + partial);
    }

    @Test
    void partialOnTopOfPreviousFullEqualsNewFull() {
        ProxyPlan p1 = plan(ProxyScenarios.seed001().snapshot());
        ProxyPlan p2 = plan(after());
        FakeNode viaPartial = new FakeNode();
        viaPartial.fullSync(p1);
        viaPartial.partialSync(p2, p1);
        FakeNode full = new FakeNode();
        full.fullSync(p2);
        assertEquals(content(full.save()), content(viaPartial.save()));
        // And back, as the netns test does against the kernel.
        viaPartial.partialSync(p1, p2);
        FakeNode first = new FakeNode();
        first.fullSync(p1);
        assertEquals(content(first.save()), content(viaPartial.save()));
    }

    @Test
    void fullSyncOnANodeDeletesStaleServiceChainsAndAddsNoJumpTwice() {
        ProxyPlan p1 = plan(ProxyScenarios.seed001().snapshot());
        ProxyPlan p0 = plan(ProxyScenarios.seed000().snapshot());
        FakeNode node = new FakeNode();
        assertEquals(p1.jumps().size(), node.fullSync(p1));
        assertEquals(0, node.fullSync(p0), "every jump was there");
        FakeNode fresh = new FakeNode();
        fresh.fullSync(p0);
        assertEquals(content(fresh.save()), content(node.save()), "seed 001's chains are gone");
    }

    @Test
    void unchangedPlanRewritesOnlyTopLevelChains() {
        ProxyPlan p = plan(ProxyScenarios.seed000().snapshot());
        String partial = IptablesRenderer.renderPartial(p, p);
        assertFalse(partial.contains(":KUBE-SVC-"), partial);
        assertFalse(partial.contains(":KUBE-SEP-"), partial);
        assertTrue(partial.contains("-A KUBE-SERVICES -m comment --comment \"kube-system/kube-dns:metrics cluster IP\""));
    }

    @Test
    void fullSyncDeletesStaleChainsFoundInTheKernel() {
        ProxyPlan p = plan(ProxyScenarios.seed000().snapshot());
        String full = IptablesRenderer.render(p, List.of("KUBE-SERVICES", "KUBE-SEP-OLD0000000000000",
                "KUBE-SVC-JD5MR3NA4I4DYORP", "FLANNEL-POSTRTG"));
        assertTrue(full.contains(":KUBE-SEP-OLD0000000000000 - [0:0]\n"), full);
        assertTrue(full.endsWith("-X KUBE-SEP-OLD0000000000000\nCOMMIT\n"), full);
        assertFalse(full.contains("-X KUBE-SVC-JD5MR3NA4I4DYORP"));
        assertFalse(full.contains("FLANNEL"));
    }
}
