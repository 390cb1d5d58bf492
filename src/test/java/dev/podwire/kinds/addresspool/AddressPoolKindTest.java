package dev.podwire.kinds.addresspool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.podwire.cluster.ClusterStore;
import dev.podwire.cluster.KindRegistry;
import dev.podwire.cluster.ResourceType;
import dev.podwire.cluster.TableStyle;
import dev.podwire.cluster.Tables;
import dev.podwire.datastore.FakeClock;
import dev.podwire.datastore.InMemoryDatastore;
import dev.podwire.labfile.ConfigException;
import dev.podwire.labfile.LabDocuments;
import dev.podwire.labfile.LabFiles;
import dev.podwire.labfile.ManifestRules;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adding a kind is its own package (this one: model, checks, columns) plus one registry entry: the
 * {@link ResourceType} below, registered with {@link KindRegistry#with} as a production kind is listed in
 * {@link KindRegistry#DEFAULT}. Nothing else in the code base knows it, yet manifests of it are read and checked,
 * objects of it are stored under their key, found again from that key, and listed as a table.
 */
class AddressPoolKindTest {
    /** The example kind's registry entry; a production kind's is a constant of {@link ResourceType}. */
    static final ResourceType<AddressPool> ADDRESS_POOL = new ResourceType<>(AddressPool.class,
            "example.podwire.dev/v1", "AddressPool", "example.podwire.dev/addresspools", false,
            ResourceType.Names.of("addresspool", "addresspools", "apool"),
            Optional.of(ManifestRules.checkedBy(AddressPoolChecks::check)),
            new ResourceType.Printer<>(AddressPoolRows.HEADER, AddressPoolRows.WIDE, AddressPoolRows::row));

    private static final KindRegistry KINDS = KindRegistry.DEFAULT.with(ADDRESS_POOL);

    @TempDir
    Path tmp;

    private final FakeClock clock = FakeClock.standard();

    private Path lab() throws IOException {
        return write("lab.yaml", """
                apiVersion: podwire.dev/v1alpha1
                kind: Lab
                metadata: {name: pools}
                spec:
                  underlay:
                    segments: [{name: lan, subnet: 192.168.48.0/24}]
                  nodes: [{name: n1, segment: lan, address: 192.168.48.11}]
                  podNetwork: {Network: 10.244.0.0/16, Backend: {Type: host-gw}}
                """);
    }

    private Path write(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void aRegisteredKindIsReadFromManifestsStoredAndListed() throws IOException {
        Path pools = write("pools.yaml", """
                apiVersion: example.podwire.dev/v1
                kind: AddressPool
                metadata: {name: pool-b}
                spec: {cidr: 10.251.0.0/24, blockSize: 28}
                ---
                apiVersion: example.podwire.dev/v1
                kind: AddressPool
                metadata: {name: pool-a, labels: {tier: edge}}
                spec: {cidr: 10.250.0.0/16}
                """);
        LabDocuments docs = LabFiles.load(List.of(lab(), pools), KINDS.all());
        assertEquals(List.of("pool-b", "pool-a"), docs.objects().stream().map(o -> o.getMetadata().getName())
                .toList());

        ClusterStore store = new ClusterStore(new InMemoryDatastore(clock), clock, new SplittableRandom(1), KINDS);
        for (HasMetadata object : docs.objects()) {
            store.apply(object).orThrow();
        }
        String key = "/registry/example.podwire.dev/addresspools/pool-a";
        assertEquals("10.250.0.0/16", store.get(ADDRESS_POOL, "", "pool-a").orElseThrow().getSpec().cidr());
        assertEquals(Optional.of(ADDRESS_POOL), KINDS.ofKey(key));
        assertEquals(1, store.datastore().list(key).size());

        // What `podwire get apool -A -o wide` does: the name picks the kind, the kind prints its columns; a
        // cluster-scoped kind gets no NAMESPACE column.
        ResourceType<?> named = KINDS.named("apool").orElseThrow();
        assertEquals("""
                NAME     CIDR            AGE   BLOCKSIZE
                pool-a   10.250.0.0/16   0s    26
                pool-b   10.251.0.0/24   0s    28
                """, table(named, store));
    }

    private <T extends HasMetadata> String table(ResourceType<T> type, ClusterStore store) {
        return Tables.render(type, store.list(type), TableStyle.ALL_NAMESPACES_WIDE, clock.instant());
    }

    @Test
    void theKindsChecksRunOnItsManifestsWithFileAndLine() throws IOException {
        Path bad = write("bad.yaml", """
                apiVersion: example.podwire.dev/v1
                kind: AddressPool
                metadata: {name: pool-a}
                spec:
                  cidr: 10.250.0.0/16
                  blockSize: 12
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> LabFiles.load(List.of(lab(), bad),
                KINDS.all()));
        assertEquals(bad, e.file());
        assertEquals(6, e.line().orElseThrow());
        assertEquals("spec.blockSize", e.fieldPath());
        assertEquals("12 (expected: 20..32)", e.problem());
    }

    @Test
    void withoutTheEntryTheKindIsNotRead() throws IOException {
        Path pool = write("pool.yaml", """
                apiVersion: example.podwire.dev/v1
                kind: AddressPool
                metadata: {name: pool-a}
                spec: {cidr: 10.250.0.0/16}
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> LabFiles.load(List.of(lab(), pool),
                KindRegistry.DEFAULT.all()));
        assertEquals("kind", e.fieldPath());
        assertEquals("example.podwire.dev/v1 AddressPool is not supported (expected one of: v1 Namespace, v1 Pod,"
                + " v1 Service, v1 ConfigMap, apps/v1 Deployment, apps/v1 ReplicaSet)", e.problem());
        ConfigException other = assertThrows(ConfigException.class, () -> LabFiles.load(List.of(lab(), write(
                "ds.yaml", "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: x}\n")), KINDS.all()));
        assertEquals("apps/v1 DaemonSet is not supported (expected one of: v1 Namespace, v1 Pod, v1 Service,"
                + " v1 ConfigMap, apps/v1 Deployment, apps/v1 ReplicaSet, example.podwire.dev/v1 AddressPool)",
                other.problem());
    }
}
