package dev.podwire.cli;

import dev.podwire.net.Netns;
import dev.podwire.runtime.RuntimePaths;
import dev.podwire.runtime.RuntimeServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code podwire runtime --node N [--netns NS] --socket PATH}: a node's container runtime process, started by the node
 * agent ({@code runtime.RuntimeProcess}); not meant to be run by hand, hence hidden.
 */
@Command(name = "runtime", hidden = true,
        description = "Run a node's containers (started by the node agent; outlives it).")
final class RuntimeCommand implements Callable<Integer> {
    @Option(names = "--node", required = true, description = "The node's name.")
    String node;

    @Option(names = "--netns", defaultValue = "",
            description = "The node's network namespace; the runtime ends when it is deleted (none: the host's).")
    String netns;

    @Option(names = "--socket", required = true, description = "The unix socket to serve (absolute path).")
    Path socket;

    @Override
    public Integer call() throws Exception {
        Preflight.requireRoot();
        RuntimeServer.serve(new RuntimePaths(socket), netns.isEmpty() ? Netns.HOST : Netns.of(netns), node);
        return 0;
    }
}
