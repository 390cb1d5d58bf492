package dev.podwire.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code podwire rules node/NAME}: the node's filter and nat tables as {@code iptables-save} prints them — the text a
 * user would diff against a real node.
 */
@Command(name = "rules", description = "Show a node's (or host's) iptables-save for the filter and nat tables.")
final class RulesCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TARGET", description = "node/NAME, host/NAME, router/NAME or pod/NAME")
    String target;

    @Mixin
    LabOption lab;

    @Override
    public Integer call() throws Exception {
        ExecCommand exec = new ExecCommand();
        exec.target = target;
        exec.command = List.of("sh", "-c", "iptables-save -t filter && iptables-save -t nat");
        exec.namespace = "default";
        exec.lab = lab;
        return exec.call();
    }
}
