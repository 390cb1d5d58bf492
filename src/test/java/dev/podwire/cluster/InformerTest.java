package dev.podwire.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podwire.datastore.InMemoryDatastore;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.time.InstantSource;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InformerTest {
    private final InstantSource clock = InstantSource.system();
    private final ClusterStore store = new ClusterStore(new InMemoryDatastore(clock), clock, new SplittableRandom(1));

    private static Service svc(String name, String ip) {
        return new ServiceBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withClusterIP(ip).addNewPort().withPort(80).endPort().endSpec().build();
    }

    private static List<String> names(List<Service> services) {
        return services.stream().map(s -> s.getMetadata().getName() + "=" + s.getSpec().getClusterIP()).toList();
    }

    private static void await(java.util.function.BooleanSupplier c) throws InterruptedException {
        for (int i = 0; i < 200 && !c.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
        assertTrue(c.getAsBoolean());
    }

    @Test
    void followsTheStoreAndDecodesOnlyWhatChanged() throws Exception {
        store.create(svc("a", "10.96.0.1"));
        try (Informer<Service> informer = Informer.start(store, ResourceType.SERVICE)) {
            assertEquals(List.of("a=10.96.0.1"), names(informer.items()));
            long g = informer.generation();
            List<Service> first = informer.items();
            assertSame(first, informer.items(), "nothing changed: the same list");
            store.create(svc("b", "10.96.0.2"));
            await(() -> informer.generation() > g);
            assertEquals(List.of("a=10.96.0.1", "b=10.96.0.2"), names(informer.items()));
            assertSame(first.getFirst(), informer.items().getFirst(), "an unchanged object is not decoded again");
            long g2 = informer.generation();
            store.delete(ResourceType.SERVICE, "default", "a");
            await(() -> informer.generation() > g2);
            assertEquals(List.of("b=10.96.0.2"), names(informer.items()));
        }
    }

    @Test
    void aSharedInformerIsOnePerStoreAndStopsWithItsLastUser() throws Exception {
        store.create(svc("a", "10.96.0.1"));
        Informer<Service> first = Informer.shared(store, ResourceType.SERVICE);
        Informer<Service> second = Informer.shared(store, ResourceType.SERVICE);
        assertSame(first, second, "one informer for every user of the store");
        first.close();
        long g = second.generation();
        store.create(svc("b", "10.96.0.2"));
        await(() -> second.generation() > g);
        assertEquals(2, second.items().size(), "still followed while a user remains");
        second.close();
        Informer<Service> fresh = Informer.shared(store, ResourceType.SERVICE);
        try {
            assertTrue(fresh != first, "the last user's close ended it; a new one starts");
            assertEquals(2, fresh.items().size());
        } finally {
            fresh.close();
        }
    }
}
