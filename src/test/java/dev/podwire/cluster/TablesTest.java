package dev.podwire.cluster;

import dev.podwire.golden.Golden;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TablesTest {
    private final SeedCluster seed = new SeedCluster();
    private final ClusterStore store = seed.store;

    /** Seed 000 prints kubectl's output with runs of spaces collapsed; ours must collapse to the same lines. */
    @Test
    void podsWideMatchesTheSeedsKubectlOutputWordForWord() {
        String table = Tables.render(ResourceType.POD, store.list(ResourceType.POD, "default"), TableStyle.WIDE,
                seed.now());
        assertEquals(List.of(
                "NAME READY STATUS RESTARTS AGE IP NODE NOMINATED NODE READINESS GATES",
                "nginx-deployment-574b87c764-4k7xw 1/1 Running 0 87s 10.244.1.2 hostgw-node <none> <none>",
                "nginx-deployment-574b87c764-j6zwk 1/1 Running 0 87s 10.244.1.3 hostgw-node <none> <none>",
                "nginx-deployment-574b87c764-th5pz 1/1 Running 0 87s 10.244.0.4 hostgw-master <none> <none>"),
                table.lines().map(l -> l.replaceAll(" +", " ")).toList());
        assertEquals("""
                NAME                                READY   STATUS    RESTARTS   AGE   IP           NODE            NOMINATED NODE   READINESS GATES
                nginx-deployment-574b87c764-4k7xw   1/1     Running   0          87s   10.244.1.2   hostgw-node     <none>           <none>
                """, table.lines().limit(2).map(l -> l + "\n").reduce("", String::concat));
    }

    @Test
    void servicesMatchTheSeedsKubectlOutput() {
        assertEquals(List.of("NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE",
                "kube-dns ClusterIP 10.96.0.10 <none> 53/UDP,53/TCP,9153/TCP 15h"),
                Tables.render(ResourceType.SERVICE, store.list(ResourceType.SERVICE, "kube-system"),
                        TableStyle.NORMAL, seed.now())
                        .lines().map(l -> l.replaceAll(" +", " ")).toList());
        String mine = Tables.render(ResourceType.SERVICE,
                List.of(store.get(ResourceType.SERVICE, "default", "my-service").orElseThrow()), TableStyle.NORMAL,
                seed.now());
        assertEquals("my-service ClusterIP 10.103.92.81 <none> 80/TCP 2m20s",
                mine.lines().toList().get(1).replaceAll(" +", " "));
    }

    @Test
    void seedClusterTablesMatchGoldenFiles() {
        var now = seed.now();
        var pods = store.list(ResourceType.POD);
        Golden.assertGolden("dev/podwire/cluster/" + "hostgw-seed", "pods.txt",
                Tables.render(ResourceType.POD, store.list(ResourceType.POD, "default"), TableStyle.NORMAL, now));
        Golden.assertGolden("dev/podwire/cluster/" + "hostgw-seed", "pods-all-namespaces-wide.txt",
                Tables.render(ResourceType.POD, pods, TableStyle.ALL_NAMESPACES_WIDE, now));
        Golden.assertGolden("dev/podwire/cluster/" + "hostgw-seed", "nodes.txt",
                Tables.render(ResourceType.NODE, store.list(ResourceType.NODE), TableStyle.NORMAL, now));
        Golden.assertGolden("dev/podwire/cluster/" + "hostgw-seed", "nodes-wide.txt",
                Tables.render(ResourceType.NODE, store.list(ResourceType.NODE), TableStyle.WIDE, now));
        Golden.assertGolden("dev/podwire/cluster/" + "hostgw-seed", "deployments-wide.txt",
                Tables.render(ResourceType.DEPLOYMENT, store.list(ResourceType.DEPLOYMENT), TableStyle.WIDE, now));
        Golden.assertGolden("dev/podwire/cluster/" + "hostgw-seed", "replicasets.txt",
                Tables.render(ResourceType.REPLICA_SET, store.list(ResourceType.REPLICA_SET), TableStyle.NORMAL, now));
        Golden.assertGolden("dev/podwire/cluster/" + "hostgw-seed", "replicasets-wide.txt",
                Tables.render(ResourceType.REPLICA_SET, store.list(ResourceType.REPLICA_SET), TableStyle.WIDE, now));
        Golden.assertGolden("dev/podwire/cluster/" + "hostgw-seed", "services-all-namespaces-wide.txt",
                Tables.render(ResourceType.SERVICE, store.list(ResourceType.SERVICE), TableStyle.ALL_NAMESPACES_WIDE,
                        now));
        Golden.assertGolden("dev/podwire/cluster/" + "hostgw-seed", "namespaces.txt",
                Tables.render(ResourceType.NAMESPACE, store.list(ResourceType.NAMESPACE), TableStyle.ALL_NAMESPACES,
                        now));
    }

    @Test
    void podStatusColumnFollowsKubectlsRules() {
        var pod = store.get(ResourceType.POD, "default", "nginx-deployment-574b87c764-4k7xw").orElseThrow();
        pod.getMetadata().setName("terminating");
        pod.getMetadata().setDeletionTimestamp("2024-05-02T00:59:00Z");
        var pending = ClusterStoreTest.nginx(1).getSpec().getTemplate();
        var unscheduled = new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata().withName("unscheduled")
                .withNamespace("default").endMetadata().withSpec(pending.getSpec()).build();
        store.create(unscheduled).orThrow();
        store.modify(ResourceType.POD, "default", "unscheduled", p -> {
            p.getSpec().setNodeName("hostgw-node");
            return p;
        });
        var creating = store.markPodCreating("default", "unscheduled", dev.podwire.net.Ipv4.parse("192.168.31.202"))
                .orThrow();
        creating.getMetadata().setName("creating");
        unscheduled.getMetadata().setCreationTimestamp("2024-05-02T00:58:00Z");
        unscheduled.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Pending").build());
        Golden.assertGolden("dev/podwire/cluster/" + "pod-statuses", "pods-wide.txt",
                Tables.render(ResourceType.POD, List.of(unscheduled, creating, pod), TableStyle.WIDE, seed.now()));
    }

    @Test
    void emptyListingRendersNothingAndKubectlsMessageIsAvailable() {
        assertEquals("", Tables.render(ResourceType.POD, List.of(), TableStyle.NORMAL, seed.now()));
        assertEquals("No resources found in default namespace.", Tables.noResources(Optional.of("default")));
    }

    @ParameterizedTest
    @CsvSource({"0,0s", "87,87s", "119,119s", "120,2m", "140,2m20s", "599,9m59s", "600,10m", "10799,179m",
            "10800,3h", "18180,5h3m", "28800,8h", "54000,15h", "172799,47h", "172800,2d", "273600,3d4h",
            "691200,8d", "3888000,45d", "63071999,729d", "63072000,2y", "65664000,2y30d", "252288000,8y"})
    void humanDurationFollowsApimachinery(long seconds, String expected) {
        assertEquals(expected, Tables.humanDuration(Duration.ofSeconds(seconds)));
    }

    @Test
    void humanDurationToleratesOneSecondOfSkew() {
        assertEquals("0s", Tables.humanDuration(Duration.ofMillis(-1500)));
        assertEquals("<invalid>", Tables.humanDuration(Duration.ofSeconds(-2)));
    }
}
