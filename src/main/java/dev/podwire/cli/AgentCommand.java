package dev.podwire.cli;

import dev.podwire.agent.AgentOptions;
import dev.podwire.agent.AgentProcess;
import dev.podwire.datastore.etcd.EtcdEndpoints;
import dev.podwire.host.ProcessExecutor;
import dev.podwire.subnet.LeaseKey;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code podwire agent --node NAME --etcd-endpoints URLS}: one node's agent as a long-running process (flanneld,
 * kube-proxy and kubelet's network half), following etcd. See {@link AgentProcess}.
 */
@Command(name = "agent", description = "Run one node's agent against etcd (one process per node).")
final class AgentCommand implements Callable<Integer> {
    @Option(names = "--node", required = true, paramLabel = "NAME", description = "This node's name.")
    String node;

    @Option(names = "--etcd-endpoints", required = true, paramLabel = "URLS",
            description = "etcd client URLs, comma-separated, e.g. http://192.168.31.250:2379.")
    String endpoints;

    @Option(names = "--etcd-prefix", paramLabel = "PREFIX", defaultValue = "/coreos.com/network",
            description = "flannel's key prefix (default: ${DEFAULT-VALUE}).")
    String prefix;

    @Option(names = "--lab", paramLabel = "NAME",
            description = "Manage lab node namespace <lab>-<node> (the lab daemon passes it); without it the agent "
                    + "manages the namespace it runs in, with its files under /.")
    String lab;

    @Override
    public Integer call() throws Exception {
        Preflight.requireRoot();
        AgentOptions options;
        try {
            options = new AgentOptions(node, EtcdEndpoints.parse(endpoints), new LeaseKey(prefix),
                    Optional.ofNullable(lab));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        return new AgentProcess(options, new ProcessExecutor()).run();
    }
}
