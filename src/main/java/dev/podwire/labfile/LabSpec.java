package dev.podwire.labfile;

import dev.podwire.net.Cidr;
import dev.podwire.subnet.NetConf;
import java.util.List;
import java.util.Objects;

/**
 * A validated {@code kind: Lab} document: topology plus network settings. Every cross-field rule (overlaps, capacity,
 * L2 adjacency for host-gw) has been checked by {@link LabFiles} before one of these is returned.
 *
 * @param name lab name, a DNS label of at most 20 characters (prefix of every namespace)
 * @param underlay segments, routers and hosts
 * @param nodes Kubernetes nodes in file order (the first gets the first pod subnet in kube mode)
 * @param podNetwork flannel's net-conf.json ({@code spec.podNetwork})
 * @param flannel flanneld options
 * @param serviceCidr the service ClusterIP range (default 10.96.0.0/12)
 * @param kubeProxy kube-proxy settings
 * @param dns cluster DNS settings
 * @param datastore where cluster objects and leases live (default: the embedded memory store)
 */
public record LabSpec(String name, Underlay underlay, List<NodeSpec> nodes, NetConf podNetwork,
        FlannelOptions flannel, Cidr serviceCidr, KubeProxyOptions kubeProxy, DnsOptions dns,
        DatastoreSpec datastore) {
    /** Validates and copies. */
    public LabSpec {
        NameRules.requireLabel("name", name, NameRules.LAB_MAX);
        Objects.requireNonNull(underlay, "underlay");
        nodes = List.copyOf(nodes);
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("nodes: [] (expected: at least one node)");
        }
        Objects.requireNonNull(podNetwork, "podNetwork");
        Objects.requireNonNull(flannel, "flannel");
        Objects.requireNonNull(serviceCidr, "serviceCidr");
        Objects.requireNonNull(kubeProxy, "kubeProxy");
        Objects.requireNonNull(dns, "dns");
        Objects.requireNonNull(datastore, "datastore");
    }

    /** A lab on the embedded memory datastore. */
    public LabSpec(String name, Underlay underlay, List<NodeSpec> nodes, NetConf podNetwork, FlannelOptions flannel,
            Cidr serviceCidr, KubeProxyOptions kubeProxy, DnsOptions dns) {
        this(name, underlay, nodes, podNetwork, flannel, serviceCidr, kubeProxy, dns, DatastoreSpec.memory());
    }

    /** {@return this lab with another datastore (the {@code --datastore} option of {@code podwire up})} */
    public LabSpec withDatastore(DatastoreSpec other) {
        return new LabSpec(name, underlay, nodes, podNetwork, flannel, serviceCidr, kubeProxy, dns, other);
    }
}
