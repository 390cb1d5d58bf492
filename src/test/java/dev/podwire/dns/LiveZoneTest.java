package dev.podwire.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.podwire.cluster.ClusterStore;
import dev.podwire.cluster.ResourceType;
import dev.podwire.datastore.InMemoryDatastore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

class LiveZoneTest {
    private static final Name WEB = Name.fromConstantString("web.default.svc.cluster.local.");

    private static LookupOutcome ask(LiveZone zone, Name name) {
        return Resolver.resolve(zone.current(), name, Type.A, DClass.IN, false);
    }

    // Polls for up to 1 s: the promise is that answers follow the cluster within one second.
    private static <T extends LookupOutcome> T within1s(Supplier<LookupOutcome> probe, Class<T> expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        LookupOutcome value = probe.get();
        while (!expected.isInstance(value) && System.nanoTime() < deadline) {
            Thread.sleep(10);
            value = probe.get();
        }
        return assertInstanceOf(expected, value);
    }

    @Test
    void zoneFollowsServicesAndEndpointsWithinOneSecond() throws InterruptedException {
        InstantSource clock = InstantSource.fixed(Instant.parse("2026-01-01T00:00:00Z"));
        ClusterStore store = new ClusterStore(new InMemoryDatastore(clock), clock, new SplittableRandom(1));
        store.create(DnsFixture.namespace("default"));
        try (LiveZone zone = LiveZone.start(store, ZoneConfig.of("cluster.local"))) {
            assertInstanceOf(LookupOutcome.NxDomain.class, ask(zone, WEB));
            assertEquals(1767225600L, zone.current().serial());
            store.create(DnsFixture.service("default", "web", List.of("10.96.0.50"), DnsFixture.port("http", 80, "TCP")));
            LookupOutcome.Answer answer = within1s(() -> ask(zone, WEB), LookupOutcome.Answer.class);
            assertEquals("10.96.0.50", answer.records().getFirst().rdataToString());
            store.delete(ResourceType.SERVICE, "default", "web");
            within1s(() -> ask(zone, WEB), LookupOutcome.NxDomain.class);
            store.create(DnsFixture.service("default", "db", List.of("None"), DnsFixture.port("sql", 3306, "TCP")));
            store.create(DnsFixture.slice("default", "db",
                    List.of(DnsFixture.endpoint("10.244.1.7", "db-0", true)), "sql", 3306));
            Name db0 = Name.fromConstantString("db-0.db.default.svc.cluster.local.");
            within1s(() -> ask(zone, db0), LookupOutcome.Answer.class);
        }
    }
}
