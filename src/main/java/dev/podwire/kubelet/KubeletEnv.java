package dev.podwire.kubelet;

import static java.util.Objects.requireNonNull;

import dev.podwire.cluster.ClusterStore;
import dev.podwire.lab.LabNames;
import dev.podwire.lab.ProcessRef;
import dev.podwire.labfile.DnsOptions;
import dev.podwire.net.Cidr;
import dev.podwire.net.Ipv4;
import dev.podwire.net.Netns;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.function.Consumer;

/**
 * What a node's kubelet half reads, and nothing more.
 *
 * @param netns the node's namespace (pods' veths have their host end there)
 * @param node the node's name
 * @param nodeAddress the node's address (a pod's {@code hostIP})
 * @param root the directory this node sees as {@code /}: CNI's cache, host-local's files, container logs
 * @param names the lab's naming of pod namespaces, veths and container IDs
 * @param network the pod network
 * @param dns the cluster DNS settings kubelet writes into each pod's {@code resolv.conf}
 * @param cluster the pods in the store, and where their status goes
 * @param images images the lab serves itself (cluster DNS)
 * @param processes told about every process a container starts, so that {@code down} can end it
 * @param clock time
 */
public record KubeletEnv(Netns netns, String node, Ipv4 nodeAddress, Path root, LabNames names, Cidr network,
        DnsOptions dns, ClusterStore cluster, SpecialImages images, Consumer<ProcessRef> processes,
        InstantSource clock) {
    /** Validates. */
    public KubeletEnv {
        requireNonNull(netns, "netns");
        requireNonNull(node, "node");
        requireNonNull(nodeAddress, "nodeAddress");
        requireNonNull(root, "root");
        requireNonNull(names, "names");
        requireNonNull(network, "network");
        requireNonNull(dns, "dns");
        requireNonNull(cluster, "cluster");
        requireNonNull(images, "images");
        requireNonNull(processes, "processes");
        requireNonNull(clock, "clock");
    }
}
