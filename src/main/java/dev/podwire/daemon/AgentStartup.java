package dev.podwire.daemon;

import dev.podwire.agent.NodeClaim;
import dev.podwire.datastore.DatastoreUnavailableException;
import dev.podwire.datastore.KeyValue;
import dev.podwire.labfile.NodeSpec;
import dev.podwire.subnet.LeaseAttrs;
import dev.podwire.subnet.LeaseKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Waits until every node's agent process has claimed its node and holds a flannel lease in etcd, as {@code up}
 * reports it. An agent that exits before that fails the start-up with the end of its log, which says why (etcd
 * unreachable from the node, a second agent, ...).
 */
final class AgentStartup {
    private AgentStartup() {}

    static List<String> await(LabRuntime runtime, AgentSupervisor agents, Duration timeout)
            throws InterruptedException {
        long t0 = System.nanoTime();
        long deadline = t0 + timeout.toNanos();
        Map<String, String> done = new LinkedHashMap<>();
        while (done.size() < runtime.lab().nodes().size()) {
            for (NodeSpec n : runtime.lab().nodes()) {
                if (done.containsKey(n.name())) {
                    continue;
                }
                Optional<ProcessHandle> h = agents.agent(n.name());
                if (h.isEmpty()) {
                    throw new IllegalStateException("the agent of node " + n.name() + " exited during start-up; "
                            + runtime.names().agentLog(n.name()) + " ends with:\n" + tail(runtime.names()
                            .agentLog(n.name())));
                }
                lease(runtime, n).filter(l -> runtime.cluster().datastore().get(NodeClaim.PREFIX + n.name())
                        .isPresent()).ifPresent(subnet -> done.put(n.name(), "node " + n.name() + ": agent pid "
                                + h.get().pid() + ", lease " + subnet + " (" + LabRuntime.ms(t0) + ")"));
            }
            if (System.nanoTime() > deadline) {
                List<String> missing = new ArrayList<>(runtime.lab().nodes().stream().map(NodeSpec::name)
                        .filter(n -> !done.containsKey(n)).toList());
                throw new IllegalStateException("agents of " + missing + " hold no lease after " + timeout.toSeconds()
                        + " s; see " + runtime.names().agentLog(missing.getFirst()));
            }
            Thread.sleep(100);
        }
        return runtime.lab().nodes().stream().map(n -> done.get(n.name())).toList();
    }

    private static Optional<String> lease(LabRuntime runtime, NodeSpec n) {
        try {
            for (KeyValue kv : runtime.cluster().datastore().list(LeaseKey.DEFAULT.subnetsPrefix())) {
                try {
                    if (LeaseAttrs.parse(kv.value()).publicIp().equals(n.address())) {
                        return LeaseKey.DEFAULT.parseLeaseKey(kv.key()).map(Object::toString);
                    }
                } catch (IllegalArgumentException e) {
                    // Not a lease podwire can read; flannel skips those too.
                }
            }
        } catch (DatastoreUnavailableException e) {
            // etcd is still settling; ask again.
        }
        return Optional.empty();
    }

    private static String tail(String log) {
        try {
            List<String> lines = Files.readAllLines(Path.of(log));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
