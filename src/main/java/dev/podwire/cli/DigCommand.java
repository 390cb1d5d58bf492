package dev.podwire.cli;

import dev.podwire.rpc.RpcClient;
import dev.podwire.rpc.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code podwire dig NAME [TYPE]}: {@code dig} run inside a pod, so the query uses that pod's resolv.conf (cluster DNS
 * through the kube-dns Service, the namespace's search path, ndots:5), as an application in the pod would.
 */
@Command(name = "dig", description = "Query cluster DNS from inside a pod (dig +search with the pod's resolv.conf).")
final class DigCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", arity = "0..1", paramLabel = "TYPE", defaultValue = "A")
    String type;

    @Option(names = "--from", paramLabel = "pod/NAME", description = "The pod to ask from (default: any running pod).")
    String from;

    @Option(names = "--tcp", description = "Query over TCP.")
    boolean tcp;

    @Option(names = {"-n", "--namespace"}, defaultValue = "default")
    String namespace;

    @Mixin
    LabOption lab;

    @Override
    public Integer call() throws Exception {
        String target = from;
        if (target == null) {
            List<String> out = new ArrayList<>();
            var names = Labs.select(lab.name());
            int code = RpcClient.call(RpcClient.socket(names.stateDir()),
                    new Request("pick-pod", List.of(), Map.of("namespace", namespace)), m -> {
                        if (m.type().equals("out")) {
                            out.add(m.text());
                        } else {
                            System.err.println(m.text());
                        }
                    });
            if (code != 0) {
                return code;
            }
            target = "pod/" + out.getFirst();
        }
        ExecCommand exec = new ExecCommand();
        exec.target = target;
        List<String> argv = new ArrayList<>(List.of("dig", "+search", name, type));
        if (tcp) {
            argv.add("+tcp");
        }
        exec.command = argv;
        exec.namespace = namespace;
        exec.lab = lab;
        return exec.call();
    }
}
