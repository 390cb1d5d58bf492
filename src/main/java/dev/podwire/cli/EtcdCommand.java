package dev.podwire.cli;

import dev.podwire.rpc.Request;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code podwire etcd stop|start|status}: an etcd outage on demand, for a lab in etcd datastore mode. */
@Command(name = "etcd", description = {"Stop, start or show the lab's etcd (labs up with --datastore etcd).",
    "stop ends etcd by PID and keeps its data: node agents keep the data plane as it is and retry, the control plane's"
            + " commands fail until start brings the same store back."})
final class EtcdCommand implements Callable<Integer> {
    /** What to do with the lab's etcd. */
    enum Action { stop, start, status }

    @Parameters(index = "0", paramLabel = "ACTION", description = "stop, start or status")
    Action action;

    @Mixin
    LabOption lab;

    @Override
    public Integer call() {
        return Labs.call(Labs.select(lab.name()), new Request("etcd", List.of(action.name()), Map.of()));
    }
}
