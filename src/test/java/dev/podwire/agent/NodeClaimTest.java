package dev.podwire.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podwire.datastore.InMemoryDatastore;
import dev.podwire.lab.ProcessRef;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NodeClaimTest {
    private final InMemoryDatastore store = new InMemoryDatastore(InstantSource.system());
    private final NodeClaim.Holder me = NodeClaim.Holder.self();

    @Test
    void secondLiveAgentOnTheSameHostIsRefusedWithTheHolder() throws InterruptedException {
        new NodeClaim(store, "n1", me, InstantSource.system()).acquire(Duration.ZERO);
        NodeClaim.Holder other = new NodeClaim.Holder(me.host(), new ProcessRef(1, 0));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new NodeClaim(store, "n1", other, InstantSource.system()).acquire(Duration.ofSeconds(5)));
        assertTrue(e.getMessage().startsWith("node n1 is already managed by the agent with pid "
                + ProcessHandle.current().pid() + " on host " + me.host()), e.getMessage());
        assertTrue(e.getMessage().contains("/podwire/agents/n1"), e.getMessage());
    }

    @Test
    void claimOfADeadProcessOnThisHostIsTakenOverAtOnce() throws InterruptedException {
        // PID 1 with a start time that is not init's: a process that is gone.
        NodeClaim.Holder dead = new NodeClaim.Holder(me.host(), new ProcessRef(1, 12345));
        new NodeClaim(store, "n1", dead, InstantSource.system()).acquire(Duration.ZERO);
        NodeClaim mine = new NodeClaim(store, "n1", me, InstantSource.system());
        mine.acquire(Duration.ZERO);
        assertEquals(Optional.of(me), NodeClaim.parse(store.get(mine.key()).orElseThrow()));
        assertTrue(store.get(mine.key()).orElseThrow().expires().isPresent(), "the claim has a TTL");
    }

    @Test
    void claimOfAnotherHostIsWaitedForThenRefused() {
        NodeClaim.Holder remote = new NodeClaim.Holder("elsewhere", new ProcessRef(42, 0));
        try {
            new NodeClaim(store, "n1", remote, InstantSource.system()).acquire(Duration.ZERO);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        long t0 = System.nanoTime();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new NodeClaim(store, "n1", me, InstantSource.system()).acquire(Duration.ofMillis(800)));
        assertTrue(System.nanoTime() - t0 >= 800_000_000L, "waited for the claim to expire");
        assertTrue(e.getMessage().contains("on host elsewhere") && e.getMessage().contains("wait 10 s"),
                e.getMessage());
    }

    @Test
    void renewKeepsTheClaimRetakesAVanishedOneAndNoticesATakeOver() throws InterruptedException {
        NodeClaim mine = new NodeClaim(store, "n1", me, InstantSource.system());
        mine.acquire(Duration.ZERO);
        long before = store.get(mine.key()).orElseThrow().modRevision();
        assertTrue(mine.renew());
        assertTrue(store.get(mine.key()).orElseThrow().modRevision() > before);
        store.delete(mine.key());
        assertTrue(mine.renew(), "a claim deleted by hand is taken again");
        assertTrue(store.get(mine.key()).isPresent());
        store.put(mine.key(), "{\"host\":\"elsewhere\",\"pid\":7}", Optional.of(NodeClaim.TTL));
        assertFalse(mine.renew(), "another agent holds the node now");
        mine.release();
        assertTrue(store.get(mine.key()).isPresent(), "release never deletes another agent's claim");
    }

    @Test
    void releaseDeletesOurClaim() throws InterruptedException {
        NodeClaim mine = new NodeClaim(store, "n1", me, InstantSource.system());
        mine.acquire(Duration.ZERO);
        mine.release();
        assertTrue(store.get(mine.key()).isEmpty());
    }

    @Test
    void renewalSurvivesItsOwnKeyMovingAndVanishingUnderIt() throws InterruptedException {
        // After an etcd outage: a renewal that timed out lands late (our value, a newer revision), then the key's
        // lease runs out between our two compare-and-puts. The node is still ours; the agent must not give up.
        int[] calls = {0};
        dev.podwire.datastore.Datastore racing = new ForwardingStore(store) {
            @Override
            public dev.podwire.datastore.CasResult compareAndPut(String key, long expected, String value,
                    Optional<Duration> ttl) {
                calls[0]++;
                if (calls[0] == 2) {
                    store.put(key, value, ttl);             // the late renewal
                } else if (calls[0] == 3) {
                    store.delete(key);                      // the lease ran out
                }
                return store.compareAndPut(key, expected, value, ttl);
            }
        };
        NodeClaim claim = new NodeClaim(racing, "n1", me, InstantSource.system());
        claim.acquire(Duration.ZERO);
        int before = calls[0];
        assertTrue(claim.renew(), "still our node");
        assertTrue(store.get("/podwire/agents/n1").isPresent());
        assertTrue(calls[0] - before >= 2, "retried on its own moved key");
    }

    /** A datastore passing every call to another, for tests that step in between. */
    private static class ForwardingStore implements dev.podwire.datastore.Datastore {
        private final dev.podwire.datastore.Datastore d;

        ForwardingStore(dev.podwire.datastore.Datastore d) {
            this.d = d;
        }

        @Override
        public long put(String key, String value, Optional<Duration> ttl) {
            return d.put(key, value, ttl);
        }

        @Override
        public Optional<dev.podwire.datastore.KeyValue> get(String key) {
            return d.get(key);
        }

        @Override
        public java.util.List<dev.podwire.datastore.KeyValue> list(String prefix) {
            return d.list(prefix);
        }

        @Override
        public boolean delete(String key) {
            return d.delete(key);
        }

        @Override
        public dev.podwire.datastore.CasResult compareAndPut(String key, long expected, String value,
                Optional<Duration> ttl) {
            return d.compareAndPut(key, expected, value, ttl);
        }

        @Override
        public dev.podwire.datastore.Watch watch(String prefix, long fromRevision,
                java.util.function.Consumer<dev.podwire.datastore.WatchEvent> listener) {
            return d.watch(prefix, fromRevision, listener);
        }

        @Override
        public long revision() {
            return d.revision();
        }
    }
}
