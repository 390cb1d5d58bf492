package dev.podwire.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SyncLoopTest {
    /** A syncer that records its passes and fails while told to. */
    private static class Probe implements Syncer {
        final String name;
        final Set<Trigger> triggers;
        final List<Pass> passes = new CopyOnWriteArrayList<>();
        final AtomicBoolean failing = new AtomicBoolean();
        final AtomicBoolean blocked = new AtomicBoolean();
        final CountDownLatch release = new CountDownLatch(1);
        volatile Optional<String> raise = Optional.empty();

        Probe(String name, Trigger... triggers) {
            this.name = name;
            this.triggers = Set.of(triggers);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Set<Trigger> wakesOn() {
            return triggers;
        }

        @Override
        public Outcome sync(Pass pass) {
            passes.add(pass);
            if (blocked.get()) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (failing.get()) {
                throw new IllegalStateException(name + " is broken");
            }
            return raise.map(s -> Outcome.done(1, s)).orElse(Outcome.done(0));
        }
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void aKeyWakesOnlyTheSyncersThatFollowItsPrefix() {
        Probe pods = new Probe("pods", Trigger.keys("/registry/pods/"));
        Probe proxy = new Probe("proxy", Trigger.keys("/registry/services/specs/"),
                Trigger.keys("/registry/endpointslices/"));
        try (SyncLoop loop = new SyncLoop("n1", List.of(pods, proxy), Duration.ofSeconds(5))) {
            assertEquals(List.of("pods"), loop.wakes("/registry/pods/default/web-1"));
            assertEquals(List.of("proxy"), loop.wakes("/registry/endpointslices/default/web-abcde"));
            assertEquals(List.of(), loop.wakes("/registry/podsecuritypolicies/x"), "a look-alike prefix");
            assertEquals(List.of(), loop.wakes("/registry/deployments/default/web"));
        }
    }

    @Test
    void aFailingSyncerIsRetriedAndReportedWhileTheOthersKeepSyncing() throws Exception {
        Probe broken = new Probe("pods", Trigger.keys("/registry/pods/"));
        Probe proxy = new Probe("proxy", Trigger.keys("/registry/services/specs/"));
        broken.failing.set(true);
        try (SyncLoop loop = new SyncLoop("n1", List.of(broken, proxy), Duration.ofSeconds(5))) {
            loop.start();
            await(() -> loop.lastError().isPresent(), "the failure to be reported");
            assertEquals(Optional.of("pods: pods is broken"), loop.lastError());
            int before = proxy.passes.size();
            loop.changed("/registry/services/specs/default/web");
            await(() -> proxy.passes.size() > before, "the proxy to sync while pods fail");
            await(() -> broken.passes.size() >= 2, "a retry");
            assertEquals(Pass.RECOVER, broken.passes.get(1), "a retry is a full pass");
            broken.failing.set(false);
            await(() -> loop.lastError().isEmpty(), "the recovery");
        }
    }

    @Test
    void aStuckSyncerDoesNotHoldUpTheOthers() throws Exception {
        Probe stuck = new Probe("pods", Trigger.keys("/registry/pods/"));
        Probe proxy = new Probe("proxy", Trigger.keys("/registry/services/specs/"));
        stuck.blocked.set(true);
        try (SyncLoop loop = new SyncLoop("n1", List.of(stuck, proxy), Duration.ofSeconds(5))) {
            loop.start();
            await(() -> stuck.passes.size() == 1 && proxy.passes.size() == 1, "both first passes");
            loop.changed("/registry/services/specs/default/web");
            await(() -> proxy.passes.size() == 2, "the proxy's second pass while pods hang");
            stuck.release.countDown();
        }
    }

    @Test
    void aSignalWakesTheSyncersThatFollowIt() throws Exception {
        Probe lease = new Probe("lease", Trigger.keys("/coreos.com/network/subnets/"));
        Probe routes = new Probe("backend", Trigger.signal("lease"));
        Probe proxy = new Probe("proxy", Trigger.keys("/registry/services/specs/"));
        try (SyncLoop loop = new SyncLoop("n1", List.of(lease, routes, proxy), Duration.ofSeconds(5))) {
            loop.start();
            await(() -> routes.passes.size() == 1 && proxy.passes.size() == 1 && lease.passes.size() == 1,
                    "first passes");
            lease.raise = Optional.of("lease");
            loop.changed("/coreos.com/network/subnets/10.244.1.0-24");
            await(() -> routes.passes.size() == 2, "the backend woken by the lease's signal");
            Thread.sleep(100);
            assertEquals(1, proxy.passes.size(), "the proxy does not follow leases");
        }
    }

    @Test
    void closeClosesEverySyncer() {
        AtomicInteger closed = new AtomicInteger();
        Syncer s = new Probe("a") {
            @Override
            public void close() {
                closed.incrementAndGet();
            }
        };
        SyncLoop loop = new SyncLoop("n1", List.of(s), Duration.ofSeconds(5));
        loop.start();
        loop.close();
        assertEquals(1, closed.get());
        assertTrue(loop.toString().contains("a"));
    }
}
