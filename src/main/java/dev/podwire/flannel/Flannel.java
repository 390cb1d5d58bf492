package dev.podwire.flannel;

import dev.podwire.backend.Backend;
import dev.podwire.backend.BackendEnv;
import dev.podwire.flannel.Backends;
import dev.podwire.backend.NodeLink;
import dev.podwire.cni.CniRenderer;
import dev.podwire.datastore.Datastore;
import dev.podwire.host.Kernel;
import dev.podwire.net.Cidr;
import dev.podwire.subnet.Lease;
import dev.podwire.subnet.LeaseKey;
import dev.podwire.subnet.LeaseView;
import dev.podwire.subnet.NetConf;
import dev.podwire.subnet.SubnetEnv;
import dev.podwire.subnet.SubnetManager;
import dev.podwire.sync.Pass;
import dev.podwire.sync.Syncer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * flanneld on one node: its lease ({@link LeaseManager}), its backend ({@link Backends}), its traffic manager's rules
 * ({@link FlannelRulesSyncer}), and the files its CNI plugin reads ({@code /run/flannel/subnet.env}, the conflist under
 * {@code /etc/cni/net.d}). {@link #start()} does flanneld's start-up synchronously; {@link #syncers()} keep it after.
 */
public final class Flannel {
    private final NetConf conf;
    private final boolean ipMasq;
    private final NodeLink link;
    private final Path root;
    private final LeaseManager leases;
    private final Backend backend;
    private final FlannelRulesSyncer rules;

    /**
     * flanneld for one node.
     *
     * @param kernel the node's namespace
     * @param link the node's underlay attachment ({@code --iface}, PublicIP)
     * @param conf flannel's net-conf.json
     * @param mode the subnet manager ({@code kube} or {@code etcd})
     * @param ipMasq {@code --ip-masq}
     * @param store where leases live; {@code keys} says under which prefix ({@code --etcd-prefix})
     * @param podCidr the node's podCIDR (its subnet in kube mode)
     * @param root the directory this node sees as {@code /}
     */
    public Flannel(Kernel kernel, NodeLink link, NetConf conf, SubnetManager mode, boolean ipMasq, Datastore store,
            LeaseKey keys, Optional<Cidr> podCidr, Path root, InstantSource clock, RandomGenerator random) {
        this.conf = conf;
        this.ipMasq = ipMasq;
        this.link = link;
        this.root = root;
        // The backend publishes its attributes in the lease and reads the leases back: the manager asks it lazily.
        this.leases = new LeaseManager(store, keys, conf, mode, this::backendAttrs, podCidr, clock, random);
        this.backend = Backends.create(conf.backend(), new BackendEnv(kernel, link, conf.network(), leases, random));
        this.rules = new FlannelRulesSyncer(kernel, conf.network(), ipMasq, leases);
    }

    private dev.podwire.subnet.LeaseAttrs backendAttrs() {
        return backend.attrs();
    }

    /** Acquires (or renews) this node's lease; {@return the lease} */
    public Lease acquireLease() {
        return leases.acquire();
    }

    /**
     * flanneld's start-up: the lease (acquired first if needed), {@code subnet.env} and the CNI configuration, the
     * backend's devices, flannel's rules and the first routes; {@return the lease}
     */
    public Lease start() {
        Lease lease = leases.held() ? leases.self() : leases.acquire();
        SubnetEnv env = new SubnetEnv(conf.network(), lease.subnet(), mtu(), ipMasq);
        writeAtomically(root.resolve("run/flannel/subnet.env"), env.render());
        writeAtomically(root.resolve("etc/cni/net.d/10-flannel.conflist"), CniRenderer.flannelConflist());
        backend.setUp(lease);
        rules.ensure(lease);
        backend.sync(Pass.RESYNC);
        return lease;
    }

    /** {@return the node's lease and its peers'} */
    public LeaseView leases() {
        return leases;
    }

    /** {@return the pods' MTU: the underlay's, less what the backend's encapsulation takes} */
    public int mtu() {
        return conf.backend().mtu(link.mtu());
    }

    /** {@return the pod network} */
    public Cidr network() {
        return conf.network();
    }

    /** {@return what keeps flannel's part of the node in line: the lease, the backend, the rules} */
    public List<Syncer> syncers() {
        return List.of(new LeaseSyncer(leases), backend, rules);
    }

    private static void writeAtomically(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, content);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("write " + file, e);
        }
    }
}
