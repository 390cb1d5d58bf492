package dev.podwire.cli;

import dev.podwire.rpc.Request;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code podwire apply -f FILE...}: creates or updates objects in a running lab. */
@Command(name = "apply", description = "Create or update Kubernetes objects in the lab.")
final class ApplyCommand implements Callable<Integer> {
    @Option(names = {"-f", "--filename"}, required = true, arity = "1..*", paramLabel = "FILE")
    List<Path> files;

    @Mixin
    LabOption lab;

    @Override
    public Integer call() {
        List<String> paths = files.stream().map(p -> p.toAbsolutePath().normalize().toString()).toList();
        return Labs.call(Labs.select(lab.name()), new Request("apply", paths, Map.of()));
    }
}
