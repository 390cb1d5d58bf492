package dev.podwire.seams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podwire.backend.Backend;
import dev.podwire.cluster.ClusterStore;
import dev.podwire.datastore.InMemoryDatastore;
import dev.podwire.host.Command;
import dev.podwire.host.FakeExecutor;
import dev.podwire.host.Kernel;
import dev.podwire.host.ip.IpRoute;
import dev.podwire.labfile.KubeProxyOptions;
import dev.podwire.labfile.ProxyMode;
import dev.podwire.labfile.ProxySyncOptions;
import dev.podwire.net.Ipv4;
import dev.podwire.net.Netns;
import dev.podwire.proxy.Proxier;
import dev.podwire.proxy.ProxyLoop;
import dev.podwire.proxy.ProxySnapshot;
import dev.podwire.subnet.Lease;
import dev.podwire.subnet.LeaseAttrs;
import dev.podwire.sync.Outcome;
import dev.podwire.sync.Pass;
import dev.podwire.sync.SyncLoop;
import dev.podwire.sync.Trigger;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The seams of docs/ARCHITECTURE.md ("Adding a backend, a proxy mode, a kind"), each used by a test-only
 * implementation that touches nothing else: a proxy mode plugged into the mode-neutral loop, and a backend run by the
 * node's sync loop. (A test-only kind is in cluster's AddressPoolKindTest.)
 */
class SeamsExampleTest {
    private static final Netns NS = Netns.of("fx-seams-n1");

    /** A proxy mode that only remembers what it was asked to program. */
    private static final class RecordingProxier implements Proxier {
        final List<String> syncs = new ArrayList<>();

        @Override
        public Applied sync(ProxySnapshot snapshot, boolean full) {
            syncs.add((full ? "full " : "partial ") + snapshot.services().size());
            return new Applied(full, snapshot.services().size(), 0);
        }

        @Override
        public void reset() {
        }
    }

    @Test
    void aProxyModeIsOneProxierTheLoopDrives() {
        InstantSource clock = InstantSource.system();
        ClusterStore cluster = new ClusterStore(new InMemoryDatastore(clock), clock, new SplittableRandom(1));
        RecordingProxier mode = new RecordingProxier();
        ProxyLoop loop = new ProxyLoop(new Kernel(NS, new FakeExecutor()), "n1", List.of(Ipv4.parse("192.168.9.11")),
                cluster, new KubeProxyOptions(ProxyMode.IPTABLES, Optional.empty(), ProxySyncOptions.defaults(),
                        ProxySyncOptions.defaults()), clock, (m, kernel) -> mode);
        try {
            loop.sync(Pass.CHANGE);
            cluster.create(new ServiceBuilder().withNewMetadata().withName("web").withNamespace("default")
                    .endMetadata().withNewSpec().withClusterIP("10.96.0.20").addNewPort().withPort(80).endPort()
                    .endSpec().build());
            // The informer sees the Service asynchronously; a few passes at most.
            for (int i = 0; i < 50 && mode.syncs.size() < 2; i++) {
                loop.sync(Pass.CHANGE);
                Thread.sleep(20);
            }
            assertEquals("full 0", mode.syncs.getFirst(), "the first sync is full");
            assertTrue(mode.syncs.get(1).endsWith(" 1"), mode.syncs.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            loop.close();
        }
    }

    /** A backend that routes every peer's subnet to one fixed gateway, as a static-routes CNI would. */
    private static final class StaticBackend implements Backend {
        private final Kernel kernel;
        private final List<Lease> leases;

        StaticBackend(Kernel kernel, List<Lease> leases) {
            this.kernel = kernel;
            this.leases = leases;
        }

        @Override
        public String name() {
            return "backend";
        }

        @Override
        public Set<Trigger> wakesOn() {
            return Set.of(Trigger.keys("/coreos.com/network/subnets/"));
        }

        @Override
        public LeaseAttrs attrs() {
            return LeaseAttrs.hostGw(Ipv4.parse("192.168.9.11"));
        }

        @Override
        public void setUp(Lease self) {
        }

        @Override
        public Outcome sync(Pass pass) {
            StringBuilder batch = new StringBuilder();
            leases.forEach(l -> batch.append("route replace ").append(l.subnet()).append(" via 192.168.9.1 dev eth0\n"));
            kernel.apply(Command.ipBatch(kernel.netns(), batch.toString()));
            return Outcome.done(leases.size());
        }
    }

    @Test
    void aBackendIsOneSyncerTheNodeLoopRuns() throws Exception {
        FakeExecutor exec = new FakeExecutor();
        exec.run(Command.ipBatch(NS, "route add 192.168.9.0/24 dev eth0 proto kernel scope link src 192.168.9.11\n"))
                .orThrow();
        List<Lease> leases = List.of(new Lease(dev.podwire.net.Cidr.parse("10.244.7.0/24"),
                LeaseAttrs.hostGw(Ipv4.parse("192.168.9.12")), java.time.Instant.MAX));
        try (SyncLoop loop = new SyncLoop("n1", List.of(new StaticBackend(new Kernel(NS, exec), leases)),
                Duration.ofSeconds(5))) {
            assertEquals(List.of("backend"), loop.wakes("/coreos.com/network/subnets/10.244.7.0-24"));
            loop.start();
            for (int i = 0; i < 100 && IpRoute.parse(exec.run(Command.of(NS, "ip", "-j", "route", "show")).stdout())
                    .size() < 2; i++) {
                Thread.sleep(20);
            }
        }
        assertEquals(List.of("10.244.7.0/24", "192.168.9.0/24"), IpRoute.parse(exec.run(Command.of(NS, "ip", "-j",
                "route", "show")).stdout()).stream().map(r -> r.dst().toString()).toList());
    }
}
