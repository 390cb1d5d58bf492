package dev.podwire.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podwire.rpc.RpcClient;
import dev.podwire.rpc.Request;
import dev.podwire.host.Command;
import dev.podwire.host.InteractiveExec;
import dev.podwire.host.ProcessExecutor;
import dev.podwire.host.ip.IpReader;
import dev.podwire.lab.LabNames;
import dev.podwire.net.Netns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code podwire capture TARGET [-i IF] [-w FILE] [-c N] [--duration D] [-- FILTER...]}: tcpdump inside a pod, node,
 * host or router namespace; {@code --all -w DIR} captures every namespace of the lab, one pcap each. The tcpdump
 * processes are recorded in the lab record while they run, so {@code podwire down} ends them even if this command
 * was killed; otherwise they end with it (Ctrl-C, {@code --duration}, or {@code -c} packets).
 */
@picocli.CommandLine.Command(name = "capture", description = "Capture packets with tcpdump inside pod/NAME, "
        + "node/NAME, host/NAME or router/NAME (or --all namespaces, one pcap each).")
final class CaptureCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(index = "0", arity = "0..1", paramLabel = "TARGET", description = "pod/NAME, node/NAME, host/NAME or "
            + "router/NAME")
    Optional<String> target;

    @Parameters(index = "1..*", paramLabel = "FILTER", description = "a tcpdump filter, after --")
    List<String> filter = new ArrayList<>();

    @Option(names = {"-i", "--interface"}, defaultValue = "any", description = "interface, or any (default)")
    String iface;

    @Option(names = {"-w", "--write"}, description = "pcap file (a directory with --all); decoded lines otherwise")
    Optional<Path> write;

    @Option(names = "-c", description = "stop after this many packets (per namespace)")
    Optional<Integer> count;

    @Option(names = "--duration", description = "stop after this long, e.g. 10s or 2m")
    Optional<String> duration;

    @Option(names = "--all", description = "capture every namespace of the lab; needs -w DIR")
    boolean all;

    @Option(names = {"-n", "--namespace"}, defaultValue = "default")
    String namespace;

    @Mixin
    LabOption lab;

    /** One capture: what it is called and where it runs. */
    private record Spot(String target, Netns netns) {
        String fileName() {
            return target.replace('/', '-') + ".pcap";
        }
    }

    @Override
    public Integer call() throws Exception {
        Preflight.requireRoot();
        Optional<Duration> limit = duration.map(CaptureCommand::parseDuration);
        count.filter(c -> c <= 0).ifPresent(c -> {
            throw new UsageException("-c: " + c + " (expected: a positive packet count)");
        });
        if (all == target.isPresent()) {
            throw new UsageException(all ? "--all and a TARGET (expected: one of them)"
                    : "missing TARGET (expected: pod/NAME, node/NAME, host/NAME, router/NAME, or --all -w DIR)");
        }
        LabNames names = Labs.select(lab.name());
        List<Spot> spots;
        if (all) {
            Path dir = write.orElseThrow(() -> new UsageException("--all needs -w DIR (one pcap per namespace)"));
            Files.createDirectories(dir);
            spots = everything(names);
        } else {
            spots = List.of(new Spot(target.get(), resolve(names, target.get())));
        }
        for (Spot s : spots) {
            requireInterface(s);
        }
        Captures captures = new Captures(ref -> call(names, new Request("adopt", List.of(), Map.of("pid",
                Long.toString(ref.pid()), "started", Long.toString(ref.startedAtMillis())))),
                ref -> call(names, new Request("release", List.of(), Map.of("pid", Long.toString(ref.pid())))));
        Thread stopper = new Thread(captures::stop);
        Runtime.getRuntime().addShutdownHook(stopper);
        for (Spot s : spots) {
            if (captures.start(() -> InteractiveExec.start(new Command(s.netns(), tcpdump(s), ""))).isEmpty()) {
                break;
            }
        }
        long deadline = limit.map(d -> System.nanoTime() + d.toNanos()).orElse(Long.MAX_VALUE);
        int code = 0;
        for (Process p : captures.running()) {
            long left = deadline - System.nanoTime();
            boolean ended = left > 0 && p.waitFor(Math.min(left, Long.MAX_VALUE / 2), java.util.concurrent
                    .TimeUnit.NANOSECONDS);
            if (ended) {
                code = Math.max(code, p.exitValue());
            }
        }
        captures.stop();
        Runtime.getRuntime().removeShutdownHook(stopper);
        if (all) {
            System.err.println("wrote " + spots.size() + " pcap files to " + write.get());
        }
        return code;
    }

    private List<String> tcpdump(Spot s) {
        return tcpdumpArgv(iface, count, write.map(w -> (all ? w.resolve(s.fileName()) : w).toAbsolutePath()),
                filter);
    }

    /**
     * {@return tcpdump's command line}. -Z root: tcpdump would otherwise drop to its own user before opening the output
     * file. --immediate-mode: packets reach tcpdump as they arrive, not in ring-buffer blocks of up to a second, so the
     * packets of the last moment before Ctrl-C are not lost (a short capture could otherwise be empty); -U writes each
     * one to the file at once.
     */
    static List<String> tcpdumpArgv(String iface, Optional<Integer> count, Optional<Path> file, List<String> filter) {
        List<String> argv = new ArrayList<>(List.of("tcpdump", "-n", "-l", "--immediate-mode", "-Z", "root", "-i",
                iface));
        count.ifPresent(c -> argv.addAll(List.of("-c", c.toString())));
        file.ifPresent(f -> argv.addAll(List.of("-U", "-w", f.toString())));
        argv.addAll(filter);
        return argv;
    }

    private Netns resolve(LabNames names, String text) throws IOException {
        List<String> out = new ArrayList<>();
        List<String> err = new ArrayList<>();
        int code = RpcClient.call(RpcClient.socket(names.stateDir()),
                new Request("resolve", List.of(text), Map.of("namespace", namespace)),
                m -> (m.type().equals("out") ? out : err).add(m.text()));
        if (code != 0) {
            throw new dev.podwire.rpc.RequestException(code, String.join("; ", err)
                    .replaceFirst("^error: ", "").replace("exec target", "capture target"));
        }
        return Netns.of(JSON.readTree(String.join("\n", out)).path("netns").asText());
    }

    private static List<Spot> everything(LabNames names) throws IOException {
        List<String> out = new ArrayList<>();
        call(names, Request.of("namespaces"), out);
        List<Spot> spots = new ArrayList<>();
        for (String line : out) {
            JsonNode n = JSON.readTree(line);
            spots.add(new Spot(n.path("target").asText(), Netns.of(n.path("netns").asText())));
        }
        return spots;
    }

    private void requireInterface(Spot s) throws IOException {
        if (iface.equals("any")) {
            return;
        }
        TreeSet<String> links = new TreeSet<>();
        new IpReader(new ProcessExecutor()).links(s.netns()).forEach(l -> links.add(l.name().value()));
        if (!links.contains(iface)) {
            throw new UsageException("-i " + iface + ": no such interface in " + s.target() + " (expected one of: any, "
                    + String.join(", ", links) + ")");
        }
    }

    private static void call(LabNames names, Request req) throws IOException {
        call(names, req, new ArrayList<>());
    }

    private static void call(LabNames names, Request req, List<String> out) throws IOException {
        int code = RpcClient.call(RpcClient.socket(names.stateDir()), req, m -> collect(m, out));
        if (code != 0) {
            throw new dev.podwire.rpc.RequestException(code, req.verb() + " failed in lab " + names.lab());
        }
    }

    private static void collect(dev.podwire.rpc.Message m, List<String> out) {
        if (m.type().equals("out")) {
            out.add(m.text());
        } else {
            System.err.println(m.text());
        }
    }

    private static Duration parseDuration(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)").matcher(text);
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new UsageException("--duration: " + text + " (expected: a positive duration such as 500ms, 10s, 2m)");
        }
        long v = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(v);
            case "s" -> Duration.ofSeconds(v);
            case "m" -> Duration.ofMinutes(v);
            default -> Duration.ofHours(v);
        };
    }
}
