package dev.podwire.proxy.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.podwire.proxy.ProxySnapshot;
import org.junit.jupiter.api.Test;

/** A plan replayed from the cache is the plan made from scratch, whatever changed in between. */
class PlanCacheTest {
    private static final IptablesFeatures F = IptablesFeatures.defaults();

    @Test
    void replayedRulesEqualAFreshPlanAcrossChangesOfServicesEndpointsAndContext() {
        PlanCache cache = new PlanCache();
        ProxySnapshot before = ProxyScenarios.seed001().snapshot();
        ProxySnapshot after = PartialSyncTest.after();
        assertEquals(ProxyPlanner.plan(before, F), ProxyPlanner.plan(before, F, cache));
        assertEquals("reused=0 planned=" + before.services().size(), cache.stats());
        assertEquals(ProxyPlanner.plan(after, F), ProxyPlanner.plan(after, F, cache), "services changed");
        assertEquals(ProxyPlanner.plan(before, F), ProxyPlanner.plan(before, F, cache), "and back");
        for (ProxyScenarios s : ProxyScenarios.all()) {
            // Each scenario has another node, detector or masquerade setting: the context changes every time.
            assertEquals(ProxyPlanner.plan(s.snapshot(), F), ProxyPlanner.plan(s.snapshot(), F, cache), s.toString());
        }
        ProxyPlanner.plan(after, F, cache);
        ProxyPlanner.plan(after, F, cache);
        assertEquals("reused=" + after.services().size() + " planned=0", cache.stats(), "nothing changed");
    }
}
