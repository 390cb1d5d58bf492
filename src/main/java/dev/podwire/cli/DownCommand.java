package dev.podwire.cli;

import dev.podwire.rpc.RpcClient;
import dev.podwire.rpc.Request;
import dev.podwire.host.ProcessExecutor;
import dev.podwire.lab.LabNames;
import dev.podwire.lab.LabRecord;
import dev.podwire.lab.Teardown;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code podwire down [LAB]}: removes every namespace, link and process of a lab, with or without its daemon. */
@Command(name = "down", description = "Remove a lab: all its namespaces, links and processes.")
final class DownCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "LAB", description = "The lab (implied when only one is up).")
    String name;

    @Mixin
    LabOption labOption;

    @Override
    public Integer call() {
        Preflight.requireRoot();
        LabNames lab = Labs.select(Optional.ofNullable(name).or(labOption::name));
        Optional<LabRecord> record = LabRecord.read(lab);
        try {
            // A live daemon closes its in-namespace sockets first, then removes everything itself.
            RpcClient.call(RpcClient.socket(lab.stateDir()), Request.of("down"), Labs::print);
        } catch (IOException e) {
            System.out.println("lab " + lab.lab() + ": daemon not running; removing from its record");
        }
        Teardown.Report r = new Teardown(lab, new ProcessExecutor()).run(record, true);
        System.out.println("lab " + lab.lab() + " is down" + (r.namespaces() > 0
                ? " (removed " + r.namespaces() + " namespaces left by the daemon)" : ""));
        return 0;
    }
}
