package dev.podwire.kubelet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

class PodFilesTest {
    private static final String NODE = "# the node's resolver\nnameserver 192.168.31.1\nsearch lan example.org\n"
            + "options edns0 timeout:2\n";

    private static PodBuilder pod(String policy) {
        return new PodBuilder().withNewMetadata().withName("web-0").withNamespace("shop").endMetadata()
                .withNewSpec().withDnsPolicy(policy).endSpec();
    }

    @Test
    void clusterFirstPointsAtKubeDnsWithTheNamespacesSearchPath() {
        assertEquals("search shop.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\n"
                + "options ndots:5\n", PodFiles.resolvConf(pod(null).build(), "cluster.local", "10.96.0.10", NODE));
        assertEquals(PodFiles.resolvConf(pod("ClusterFirst").build(), "cluster.local", "10.96.0.10", NODE),
                PodFiles.resolvConf(pod("ClusterFirstWithHostNet").build(), "cluster.local", "10.96.0.10", NODE));
    }

    @Test
    void defaultInheritsTheNodesResolver() {
        assertEquals("search lan example.org\nnameserver 192.168.31.1\noptions edns0 timeout:2\n",
                PodFiles.resolvConf(pod("Default").build(), "cluster.local", "10.96.0.10", NODE));
    }

    @Test
    void noneUsesOnlyDnsConfigAndDnsConfigMergesIntoOtherPolicies() {
        Pod none = pod("None").editSpec().withNewDnsConfig().withNameservers("1.2.3.4").withSearches("a.example")
                .addNewOption().withName("ndots").withValue("2").endOption().endDnsConfig().endSpec().build();
        assertEquals("search a.example\nnameserver 1.2.3.4\noptions ndots:2\n",
                PodFiles.resolvConf(none, "cluster.local", "10.96.0.10", NODE));
        Pod merged = pod("ClusterFirst").editSpec().withNewDnsConfig().withSearches("extra.example")
                .addNewOption().withName("ndots").withValue("1").endOption().addNewOption().withName("edns0")
                .endOption().endDnsConfig().endSpec().build();
        assertEquals("search shop.svc.cluster.local svc.cluster.local cluster.local extra.example\n"
                + "nameserver 10.96.0.10\noptions ndots:1 edns0\n",
                PodFiles.resolvConf(merged, "cluster.local", "10.96.0.10", NODE));
    }

    @Test
    void hostsNamesThePodByHostnameAndSubdomainFqdn() {
        String plain = PodFiles.hosts(pod(null).build(), "10.244.1.2", "cluster.local");
        assertEquals("10.244.1.2\tweb-0", plain.lines().toList().getLast());
        Pod sub = pod(null).editSpec().withHostname("db-1").withSubdomain("db").endSpec().build();
        assertEquals("10.244.1.2\tdb-1.db.shop.svc.cluster.local\tdb-1",
                PodFiles.hosts(sub, "10.244.1.2", "cluster.local").lines().toList().getLast());
    }
}
