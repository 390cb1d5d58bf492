package dev.podwire.agent;

import static java.util.Objects.requireNonNull;

import dev.podwire.datastore.etcd.EtcdEndpoints;
import dev.podwire.subnet.LeaseKey;
import java.util.Optional;

/**
 * What {@code podwire agent} was told.
 *
 * @param node the node's name, as in the lab and its {@code /registry/minions/<node>} object
 * @param endpoints etcd's client URLs, reachable from where the agent runs
 * @param prefix flannel's key prefix ({@code --etcd-prefix})
 * @param lab the lab whose node namespace {@code <lab>-<node>} this agent manages (the lab daemon passes it); empty for
 *     an agent managing the host it runs on, with its files under {@code /}
 */
public record AgentOptions(String node, EtcdEndpoints endpoints, LeaseKey prefix, Optional<String> lab) {
    /** Validates. */
    public AgentOptions {
        requireNonNull(node, "node");
        requireNonNull(endpoints, "endpoints");
        requireNonNull(prefix, "prefix");
        requireNonNull(lab, "lab");
        if (node.isBlank()) {
            throw new IllegalArgumentException("--node: \"\" (expected: the node's name)");
        }
    }
}
