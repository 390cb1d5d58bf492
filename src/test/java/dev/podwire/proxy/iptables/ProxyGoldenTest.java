package dev.podwire.proxy.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podwire.golden.Golden;
import dev.podwire.netfilter.RuleMatch;
import dev.podwire.netfilter.Ruleset;
import dev.podwire.proxy.ProxySnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Renders each scenario as a real kube-proxy would (random-fully, mark 0x00004000) and compares with its golden. */
class ProxyGoldenTest {
    static java.util.List<ProxyScenarios> scenarios() {
        return ProxyScenarios.all();
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void rendersScenarioAsGoldenPayload(ProxyScenarios scenario) {
        String payload = IptablesRenderer.render(ProxyPlanner.plan(scenario.snapshot()));
        Golden.assertGolden("dev/podwire/proxy/" + scenario.name() + "/iptables.rules", scenario.goldenText(payload));
    }

    @Test
    void parsesRestoreInputFormOfEveryRuleWeGenerate() {
        for (ProxyScenarios s : ProxyScenarios.all()) {
            ProxyPlan plan = ProxyPlanner.plan(s.snapshot());
            Ruleset dump = Ruleset.parse(IptablesRenderer.render(plan));
            int rules = dump.tables().stream().flatMap(t -> t.chains().stream()).mapToInt(c -> c.rules().size())
                    .sum();
            assertEquals(plan.ruleCount(), rules, s.name());
            assertTrue(dump.tables().stream().flatMap(t -> t.chains().stream()).flatMap(c -> c.rules().stream())
                    .noneMatch(r -> r.matches().stream().anyMatch(m -> m instanceof RuleMatch.Other o
                            && !o.module().equals("nfacct"))), s.name());
        }
    }

    @Test
    void seed000MetricsPortGetsTheSeedsChainNames() {
        String payload = IptablesRenderer.render(ProxyPlanner.plan(ProxyScenarios.seed000().snapshot()));
        assertTrue(payload.contains("-A KUBE-SVC-JD5MR3NA4I4DYORP -m comment --comment "
                + "\"kube-system/kube-dns:metrics -> 10.244.0.2:9153\" -m statistic --mode random --probability "
                + "0.5000000000 -j KUBE-SEP-N4G2XR5TDX7PQE7P\n"), payload);
        assertTrue(payload.contains("-A KUBE-SEP-ZP3FB6NMPNCO4VBJ -m comment --comment kube-system/kube-dns:metrics"
                + " -m tcp -p tcp -j DNAT --to-destination 10.244.0.3:9153\n"), payload);
    }

    @Test
    void rendersRealKubeProxyMarkAndRandomFully() {
        ProxySnapshot s = ProxyScenarios.seed001().snapshot();
        String payload = IptablesRenderer.render(ProxyPlanner.plan(s));
        assertTrue(payload.contains("-A KUBE-MARK-MASQ -j MARK --or-mark 0x00004000\n"));
        assertTrue(payload.contains("-j MASQUERADE --random-fully\n"));
    }

    @Test
    void probabilitiesUseGoTenDigitFormat() {
        assertEquals("0.5000000000", Rules.probability(2));
        assertEquals("0.3333333333", Rules.probability(3));
        assertEquals("0.2500000000", Rules.probability(4));
        assertEquals("0.0010000000", Rules.probability(1000));
        assertEquals("0.0000099999", Rules.probability(100001));
        assertEquals("1.0000000000", Rules.probability(1));
    }
}
