package dev.podwire.agent;

import dev.podwire.cluster.ClusterStore;
import dev.podwire.host.Executor;
import dev.podwire.lab.LabNames;
import dev.podwire.lab.ProcessRef;
import dev.podwire.kubelet.SpecialImages;
import dev.podwire.labfile.LabSpec;
import dev.podwire.labfile.NodeSpec;
import dev.podwire.net.Netns;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import dev.podwire.kubelet.SpecialImages;

/**
 * Everything a node agent works with.
 *
 * @param lab the lab
 * @param node this node
 * @param names the lab's naming
 * @param cluster cluster objects in the datastore
 * @param executor the gateway to the kernel
 * @param clock time
 * @param random randomness (etcd-mode subnet choice)
 * @param processes told about every process the agent starts, so that {@code down} can end it
 * @param images how to run images the lab serves itself (cluster DNS)
 * @param netns the namespace the agent manages: the lab node's {@code <lab>-<node>}, or {@link Netns#HOST} for an
 *     agent managing the host it runs on
 * @param root the directory this node sees as {@code /} for flannel's and CNI's files ({@code /} on a real host)
 */
public record NodeContext(LabSpec lab, NodeSpec node, LabNames names, ClusterStore cluster, Executor executor,
        InstantSource clock, RandomGenerator random, Consumer<ProcessRef> processes, SpecialImages images,
        Netns netns, Path root) {

    /** The context of an agent managing a lab node from outside it: its namespace and its directory in the lab. */
    public NodeContext(LabSpec lab, NodeSpec node, LabNames names, ClusterStore cluster, Executor executor,
            InstantSource clock, RandomGenerator random, Consumer<ProcessRef> processes, SpecialImages images) {
        this(lab, node, names, cluster, executor, clock, random, processes, images, names.machine(node.name()),
                Path.of(names.nodeRoot(node.name())));
    }

    /** {@return what the node's kubelet half reads} */
    public dev.podwire.kubelet.KubeletEnv kubelet() {
        return new dev.podwire.kubelet.KubeletEnv(netns, node.name(), node.address(), root, names,
                lab.podNetwork().network(), lab.dns(), cluster, images, processes, clock);
    }

    /** {@return the subnet of the segment the node's interface is on} */
    public dev.podwire.net.Cidr segmentSubnet() {
        return lab.underlay().segments().stream().filter(s -> s.name().equals(node.segment()))
                .map(dev.podwire.labfile.SegmentSpec::subnet).findFirst().orElseThrow();
    }
}
