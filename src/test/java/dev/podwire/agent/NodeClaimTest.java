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
}
