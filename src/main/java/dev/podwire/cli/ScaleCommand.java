package dev.podwire.cli;

import dev.podwire.rpc.Request;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code podwire scale deployment/NAME --replicas N}. */
@Command(name = "scale", description = "Set the replicas of a deployment or replicaset.")
final class ScaleCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TARGET", description = "deployment/NAME or replicaset/NAME")
    String target;

    @Option(names = "--replicas", required = true)
    int replicas;

    @Option(names = {"-n", "--namespace"}, defaultValue = "default")
    String namespace;

    @Mixin
    LabOption lab;

    @Override
    public Integer call() {
        if (replicas < 0) {
            throw new UsageException("--replicas " + replicas + " (expected: 0 or more)");
        }
        return Labs.call(Labs.select(lab.name()), new Request("scale", List.of(target, Integer.toString(replicas)),
                Map.of("namespace", namespace)));
    }
}
