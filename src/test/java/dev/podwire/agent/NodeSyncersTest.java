package dev.podwire.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.podwire.backend.NodeLink;
import dev.podwire.cluster.ClusterStore;
import dev.podwire.cni.CniReconciler;
import dev.podwire.datastore.InMemoryDatastore;
import dev.podwire.flannel.Flannel;
import dev.podwire.host.FakeExecutor;
import dev.podwire.host.Kernel;
import dev.podwire.ipam.HostLocalIpam;
import dev.podwire.kubelet.KubeletEnv;
import dev.podwire.kubelet.PodSync;
import dev.podwire.kubelet.PodSyncer;
import dev.podwire.kubelet.SpecialImages;
import dev.podwire.lab.LabNames;
import dev.podwire.labfile.DnsOptions;
import dev.podwire.labfile.KubeProxyOptions;
import dev.podwire.labfile.ProxyMode;
import dev.podwire.labfile.ProxySyncOptions;
import dev.podwire.net.Cidr;
import dev.podwire.net.IfName;
import dev.podwire.net.Ipv4;
import dev.podwire.proxy.ProxyLoop;
import dev.podwire.runtime.InProcessRuntime;
import dev.podwire.subnet.LeaseKey;
import dev.podwire.subnet.LeaseView;
import dev.podwire.subnet.NetConf;
import dev.podwire.subnet.SubnetManager;
import dev.podwire.sync.SyncLoop;
import dev.podwire.sync.Syncer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which of a node's syncers each kind of store change wakes, with the syncers the agent really runs. */
class NodeSyncersTest {
    @Test
    void eachChangeWakesOnlyTheSyncersThatReadIt(@TempDir Path tmp) {
        FakeExecutor exec = new FakeExecutor();
        Clock clock = Clock.systemUTC();
        InMemoryDatastore store = new InMemoryDatastore(clock);
        ClusterStore cluster = new ClusterStore(store, clock, new SplittableRandom(1));
        LabNames names = new LabNames("fxsync");
        Kernel kernel = new Kernel(names.machine("n1"), exec);
        Ipv4 address = Ipv4.parse("192.168.77.11");
        Flannel flannel = new Flannel(kernel, new NodeLink("n1", address, IfName.of("eth0"),
                Cidr.parse("192.168.77.0/24"), 1500), NetConf.parse("{\"Network\": \"10.244.0.0/16\", \"Backend\":"
                + " {\"Type\": \"host-gw\"}}"), SubnetManager.KUBE, true, store, LeaseKey.DEFAULT,
                Optional.of(Cidr.parse("10.244.1.0/24")), tmp, clock, new SplittableRandom(2));
        KubeletEnv env = new KubeletEnv(kernel.netns(), "n1", address, tmp, names, Cidr.parse("10.244.0.0/16"),
                new DnsOptions("cluster.local", Ipv4.parse("10.96.0.10"), List.of(), 5), cluster, SpecialImages.NONE, p -> { }, clock);
        List<Syncer> syncers = new ArrayList<>(flannel.syncers());
        syncers.add(new PodSyncer(new PodSync(env, new CniReconciler(exec), new HostLocalIpam(tmp,
                Cidr.parse("10.244.1.0/24")), new InProcessRuntime(tmp.resolve("rt"))), env,
                () -> Cidr.parse("10.244.1.0/24"), 1500, Set.of(LeaseView.RENEWED)));
        syncers.add(new ProxyLoop(kernel, "n1", List.of(address), cluster, new KubeProxyOptions(ProxyMode.IPTABLES,
                Optional.empty(), ProxySyncOptions.defaults(), ProxySyncOptions.defaults()), clock,
                dev.podwire.proxy.modes.Proxiers::create));
        try (SyncLoop loop = new SyncLoop("n1", syncers, Duration.ofSeconds(5))) {
            assertEquals(List.of("pods"), loop.wakes("/registry/pods/default/web-1"));
            assertEquals(List.of("proxy"), loop.wakes("/registry/services/specs/default/web"));
            assertEquals(List.of("proxy"), loop.wakes("/registry/endpointslices/default/web-abcde"));
            assertEquals(List.of("proxy"), loop.wakes("/registry/configmaps/kube-system/kube-proxy"));
            assertEquals(List.of(), loop.wakes("/registry/configmaps/default/settings"));
            assertEquals(List.of(), loop.wakes("/registry/services/endpoints/default/web"));
            assertEquals(List.of(), loop.wakes("/registry/deployments/default/web"));
            assertEquals(List.of(), loop.wakes("/registry/replicasets/default/web-5d8f"));
            assertEquals(List.of(), loop.wakes("/registry/podsecuritypolicies/x"));
            assertEquals(List.of("lease", "backend"), loop.wakes("/coreos.com/network/subnets/10.244.2.0-24"));
        }
    }
}
