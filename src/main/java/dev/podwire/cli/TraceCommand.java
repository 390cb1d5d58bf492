package dev.podwire.cli;

import dev.podwire.rpc.RpcClient;
import dev.podwire.rpc.Request;
import dev.podwire.lab.LabNames;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code podwire trace SOURCE TARGET}: sends one real probe and prints its path as the kernel saw it, hop by hop. The
 * lab daemon does the work (it knows every namespace and owns the trace's monitors), so a Ctrl-C here ends only the
 * printing: the daemon still finishes the trace and removes its rules and monitors.
 */
@Command(name = "trace", description = "Send one probe from SOURCE to TARGET and show every hop the kernel saw: "
        + "rules matched, NAT, routes, VXLAN, conntrack and a verdict.")
final class TraceCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SOURCE", description = "pod/NAME, node/NAME, host/NAME or router/NAME")
    String source;

    @Parameters(index = "1", paramLabel = "TARGET", description = "svc/NAME[:PORT], pod/NAME:PORT, node/NAME:PORT, "
            + "host/NAME:PORT or IP:PORT (no port with --icmp)")
    String target;

    @ArgGroup(exclusive = true)
    Proto proto = new Proto();

    static final class Proto {
        @Option(names = "--tcp", description = "A TCP handshake (the default).")
        boolean tcp;
        @Option(names = "--udp", description = "One UDP datagram.")
        boolean udp;
        @Option(names = "--icmp", description = "One ICMP echo request.")
        boolean icmp;
        @Option(names = "--http", description = "A TCP connection carrying GET /.")
        boolean http;

        String name() {
            return udp ? "udp" : icmp ? "icmp" : http ? "http" : "tcp";
        }
    }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json")
    String output;

    @Option(names = "--pcap", paramLabel = "DIR", description = "Also write one capture per namespace to DIR.")
    Path pcap;

    @Option(names = {"-n", "--namespace"}, defaultValue = "default")
    String namespace;

    @Mixin
    LabOption lab;

    @Override
    public Integer call() throws Exception {
        Preflight.requireRoot();
        if (!output.equals("text") && !output.equals("json")) {
            throw new UsageException("--output " + output + " (expected: text or json)");
        }
        LabNames names = Labs.select(lab.name());
        Map<String, String> options = new TreeMap<>(Map.of("namespace", namespace, "protocol", proto.name(),
                "output", output));
        if (pcap != null) {
            options.put("pcap", pcap.toAbsolutePath().normalize().toString());
        }
        return RpcClient.call(RpcClient.socket(names.stateDir()),
                new Request("trace", List.of(source, target), options), m -> {
                    if (m.type().equals("out")) {
                        System.out.println(m.text());
                    } else {
                        System.err.println(m.text());
                    }
                });
    }
}
