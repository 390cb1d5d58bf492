package dev.podwire.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podwire.rpc.RpcClient;
import dev.podwire.rpc.Request;
import dev.podwire.host.Command;
import dev.podwire.host.InteractiveExec;
import dev.podwire.lab.LabNames;
import dev.podwire.net.Netns;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code podwire exec TARGET -- COMMAND...}: runs any host program inside a pod, node, host or router namespace. A node
 * sees its own {@code /run/flannel}, {@code /var/lib/cni} and {@code /etc/cni/net.d}; a pod its own
 * {@code /etc/resolv.conf}.
 */
@picocli.CommandLine.Command(name = "exec", description = "Run a command inside pod/NAME, node/NAME, host/NAME or "
        + "router/NAME.")
final class ExecCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TARGET", description = "pod/NAME, node/NAME, host/NAME or router/NAME")
    String target;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND")
    List<String> command;

    @picocli.CommandLine.Option(names = {"-n", "--namespace"}, defaultValue = "default")
    String namespace;

    @Mixin
    LabOption lab;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Preflight.requireRoot();
        LabNames names = Labs.select(lab.name());
        List<String> out = new ArrayList<>();
        int code = RpcClient.call(RpcClient.socket(names.stateDir()),
                new Request("resolve", List.of(target), Map.of("namespace", namespace)), m -> {
                    if (m.type().equals("out")) {
                        out.add(m.text());
                    } else {
                        System.err.println(m.text());
                    }
                });
        if (code != 0) {
            return code;
        }
        JsonNode where = new ObjectMapper().readTree(String.join("\n", out));
        Map<String, String> binds = new LinkedHashMap<>();
        where.path("binds").properties().forEach(e -> binds.put(e.getKey(), e.getValue().asText()));
        return InteractiveExec.run(new Command(Netns.of(where.path("netns").asText()), command, ""), binds);
    }
}
