package dev.podwire.cli;

import dev.podwire.rpc.Request;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code podwire describe svc NAME}: kubectl's describe text. */
@Command(name = "describe", description = "Describe a service as kubectl does (selector, ports, endpoints, ...).")
final class DescribeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RESOURCE", description = "service (svc)")
    String resource;

    @Parameters(index = "1", paramLabel = "NAME")
    String name;

    @Option(names = {"-n", "--namespace"}, defaultValue = "default")
    String namespace;

    @Mixin
    LabOption lab;

    @Override
    public Integer call() {
        return Labs.call(Labs.select(lab.name()), new Request("describe", List.of(resource, name),
                Map.of("namespace", namespace)));
    }
}
