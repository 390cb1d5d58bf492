package dev.podwire.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podwire.agent.NodeClaim;
import dev.podwire.datastore.Datastore;
import dev.podwire.datastore.DatastoreUnavailableException;
import dev.podwire.datastore.InMemoryDatastore;
import dev.podwire.labfile.NodeSpec;
import dev.podwire.net.IfName;
import dev.podwire.net.Ipv4;
import dev.podwire.subnet.LeaseKey;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LeaseReaperTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final InMemoryDatastore store = new InMemoryDatastore(InstantSource.system());
    private final List<NodeSpec> nodes = List.of(node("n1", "192.168.46.11"), node("n2", "192.168.46.12"));
    private final LeaseReaper reaper = new LeaseReaper(store, nodes, LeaseKey.DEFAULT);

    private static NodeSpec node(String name, String address) {
        return new NodeSpec(name, "lan", Ipv4.parse(address), IfName.of("eth0"), Optional.empty(), Map.of(), List.of());
    }

    private void lease(String subnet, String ip) {
        store.put("/coreos.com/network/subnets/" + subnet, "{\"PublicIP\":\"" + ip + "\",\"BackendType\":\"host-gw\"}",
                Optional.empty());
    }

    @Test
    void leasesOfANodeWhoseAgentStaysGoneAreDeletedAfterTheGrace() {
        lease("10.244.0.0-24", "192.168.46.11");
        lease("10.244.1.0-24", "192.168.46.12");
        store.put(NodeClaim.PREFIX + "n1", "{}", Optional.empty());
        store.put(NodeClaim.PREFIX + "n2", "{}", Optional.empty());
        assertEquals(List.of(), reaper.check(T0));
        store.delete(NodeClaim.PREFIX + "n2");
        assertEquals(List.of(), reaper.check(T0.plusSeconds(1)));
        assertEquals(List.of(), reaper.check(T0.plus(LeaseReaper.GRACE)));
        assertEquals(List.of("/coreos.com/network/subnets/10.244.1.0-24"),
                reaper.check(T0.plusSeconds(1).plus(LeaseReaper.GRACE)));
        assertTrue(store.get("/coreos.com/network/subnets/10.244.0.0-24").isPresent(), "n1 keeps its lease");
    }

    @Test
    void anAgentBackWithinTheGraceKeepsItsLease() {
        lease("10.244.1.0-24", "192.168.46.12");
        store.put(NodeClaim.PREFIX + "n2", "{}", Optional.empty());
        reaper.check(T0);
        store.delete(NodeClaim.PREFIX + "n2");
        reaper.check(T0.plusSeconds(1));
        store.put(NodeClaim.PREFIX + "n2", "{}", Optional.empty());
        reaper.check(T0.plusSeconds(5));
        assertEquals(List.of(), reaper.check(T0.plusSeconds(60)));
        assertTrue(store.get("/coreos.com/network/subnets/10.244.1.0-24").isPresent());
    }

    @Test
    void aNodeThatNeverClaimedIsStillStartingAndNotReaped() {
        lease("10.244.1.0-24", "192.168.46.12");
        assertEquals(List.of(), reaper.check(T0));
        assertEquals(List.of(), reaper.check(T0.plusSeconds(600)));
    }

    @Test
    void anEtcdOutageRestartsTheGraceFromTheFirstAnswerAfterIt() {
        boolean[] down = {false};
        Datastore flaky = (Datastore) java.lang.reflect.Proxy.newProxyInstance(Datastore.class.getClassLoader(),
                new Class<?>[] {Datastore.class}, (proxy, method, args) -> {
                    if (down[0]) {
                        throw new DatastoreUnavailableException("etcd paused");
                    }
                    return method.invoke(store, args);
                });
        LeaseReaper reaper = new LeaseReaper(flaky, nodes, LeaseKey.DEFAULT);
        lease("10.244.1.0-24", "192.168.46.12");
        store.put(NodeClaim.PREFIX + "n2", "{}", Optional.empty());
        reaper.check(T0);
        // The claim expires during the outage; the reaper saw it missing once just before.
        store.delete(NodeClaim.PREFIX + "n2");
        reaper.check(T0.plusSeconds(1));
        down[0] = true;
        assertThrows(DatastoreUnavailableException.class, () -> reaper.check(T0.plusSeconds(10)));
        down[0] = false;
        // Back after 30 s: the agent has not renewed yet, but the grace counts from now.
        assertEquals(List.of(), reaper.check(T0.plusSeconds(31)));
        assertEquals(List.of(), reaper.check(T0.plusSeconds(31).plus(LeaseReaper.GRACE).minusSeconds(1)));
        assertTrue(store.get("/coreos.com/network/subnets/10.244.1.0-24").isPresent());
        assertEquals(List.of("/coreos.com/network/subnets/10.244.1.0-24"),
                reaper.check(T0.plusSeconds(31).plus(LeaseReaper.GRACE)));
    }
}
