package dev.podwire.cli;

import dev.podwire.rpc.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code podwire get RESOURCE [NAME]}: kubectl's tables for the lab's objects. */
@Command(name = "get", description = "Show nodes, pods, deployments, replicasets, services, namespaces or leases, "
        + "with kubectl's columns.")
final class GetCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RESOURCE",
            description = "nodes|pods|deployments|replicasets|services|namespaces|leases (kubectl's short names work)")
    String resource;

    @Parameters(index = "1", arity = "0..1", paramLabel = "NAME")
    String name;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "wide, json or yaml")
    String output;

    @Option(names = {"-n", "--namespace"}, defaultValue = "default")
    String namespace;

    @Option(names = {"-A", "--all-namespaces"})
    boolean allNamespaces;

    @Mixin
    LabOption lab;

    @Override
    public Integer call() {
        List<String> args = new ArrayList<>(List.of(resource));
        if (name != null) {
            args.add(name);
        }
        Map<String, String> opts = new TreeMap<>();
        if (output != null) {
            if (!List.of("wide", "json", "yaml").contains(output)) {
                throw new UsageException("-o " + output + " (expected: wide, json or yaml)");
            }
            opts.put("output", output);
        }
        opts.put("namespace", namespace);
        if (allNamespaces) {
            opts.put("all-namespaces", "true");
        }
        return Labs.call(Labs.select(lab.name()), new Request("get", args, opts));
    }
}
