package dev.podwire.cli;

import dev.podwire.rpc.Request;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code podwire delete KIND/NAME...}: deletes pods, deployments, replicasets, services or namespaces. */
@Command(name = "delete", description = "Delete objects: pod/NAME, deployment/NAME, service/NAME ...")
final class DeleteCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "KIND/NAME")
    List<String> targets;

    @Option(names = {"-n", "--namespace"}, defaultValue = "default")
    String namespace;

    @Mixin
    LabOption lab;

    @Override
    public Integer call() {
        return Labs.call(Labs.select(lab.name()), new Request("delete", targets, Map.of("namespace", namespace)));
    }
}
