package dev.podwire.trace;

import dev.podwire.host.Background;
import dev.podwire.host.Command;
import dev.podwire.host.Executor;
import dev.podwire.host.Result;
import dev.podwire.host.ip.BridgeFdb;
import dev.podwire.host.ip.IpLink;
import dev.podwire.host.ip.IpNeigh;
import dev.podwire.host.ip.IpRoute;
import dev.podwire.net.IfName;
import dev.podwire.net.Ipv4;
import dev.podwire.net.Netns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Runs one trace against the kernel: adds the {@link TraceTable} to every watched namespace, starts one
 * {@code xtables-monitor --trace} per namespace (and {@code tcpdump} when captures are wanted), sends the probe,
 * stops the monitors and removes the tables (in a {@code finally}, so an error or an interrupt leaves nothing), then
 * asks the kernels for route lookups, VXLAN tables and conntrack entries and hands everything to the pure
 * {@link PathAnalyser}.
 *
 * <p>Every monitor runs under {@code timeout}, so even if the daemon is killed mid-trace no monitor outlives
 * {@link #MONITOR_LIFETIME}; each is also reported to the {@link ProcessLedger} while it runs.
 */
public final class TraceSession {
    private static final System.Logger LOG = System.getLogger(TraceSession.class.getName());
    /** The longest a monitor or capture may run, whatever happens to the process that started it. */
    public static final Duration MONITOR_LIFETIME = Duration.ofSeconds(30);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration SETTLE = Duration.ofMillis(300);

    private final Executor executor;
    private final Path workDir;
    private final ProcessLedger ledger;
    private final RandomGenerator random;

    /**
     * @param executor runs the short commands (nft, ip, conntrack)
     * @param workDir where monitor output is written while a trace runs
     * @param ledger where started monitors are recorded
     * @param random chooses the probe's source port
     */
    public TraceSession(Executor executor, Path workDir, ProcessLedger ledger, RandomGenerator random) {
        this.executor = executor;
        this.workDir = workDir;
        this.ledger = ledger;
        this.random = random;
    }

    /** {@return the traced path} */
    public TracePath run(TraceRequest req) {
        long t0 = System.nanoTime();
        Result where = executor.run(IpRoute.getCommand(req.source().netns(), List.of(req.target().toString())));
        Optional<Ipv4> src = where.ok() ? IpRoute.parse(where.stdout()).stream().findFirst()
                .flatMap(IpRoute::prefsrc) : Optional.empty();
        int port = pickPort(req.targetPort());
        if (src.isEmpty()) {
            ProbeSpec probe = new ProbeSpec(req.protocol(), req.source().addresses().stream().findFirst()
                    .orElse(Ipv4.parse("0.0.0.0")), port, req.target(), req.targetPort());
            RouteLookup lookup = KernelLookups.route(req.target().toString(), false, "", where.stderr());
            return new TracePath(req.sourceLabel(), req.targetLabel(), probe, "not sent: " + lookup.error()
                    .orElse("no source address"), List.of(), List.of(), List.of(), new Verdict(
                    Verdict.Status.DROPPED, req.source().label(), "no route to " + req.target() + " in "
                    + req.source().label() + " (" + lookup.display() + ")", "add a route to " + req.target()
                    + " in " + req.source().label()));
        }
        ProbeSpec probe = new ProbeSpec(req.protocol(), src.get(), port, req.target(), req.targetPort());
        Map<Place, Path> logs = new LinkedHashMap<>();
        Map<Place, Path> wire = new LinkedHashMap<>();
        List<Background> running = new ArrayList<>();
        String client;
        try {
            Files.createDirectories(workDir);
            clearLast();
            req.pcapDir().ifPresent(d -> mkdirs(d));
            parallel(req.places(), p -> executor.run(Command.nftScript(p.netns(), TraceTable.install(probe)))
                    .orThrow());
            for (Place p : req.places()) {
                Path log = workDir.resolve(p.netns().name() + ".trace");
                logs.put(p, log);
                started(running, Background.start(limited(p.netns(), "xtables-monitor", "--trace"), log));
                if (req.pcapDir().isPresent()) {
                    Path pcap = req.pcapDir().get().resolve(p.label().replace('/', '_') + ".pcap");
                    started(running, Background.start(limited(p.netns(), "tcpdump", "-i", "any", "--immediate-mode", "-U", "-n",
                            "-w", pcap.toString(), captureFilter(probe, req.vxlanPort())),
                            workDir.resolve(p.netns().name() + ".tcpdump")));
                }
            }
            // The outer header of a VXLAN hop is taken from the wire, not only from the tables: a short capture of
            // the overlay's UDP port on every node (the headers only: 200 bytes hold outer and inner ones).
            if (req.vxlanPort().isPresent()) {
                for (Place p : req.nodes()) {
                    Path pcap = workDir.resolve(p.netns().name() + ".vxlan.pcap");
                    wire.put(p, pcap);
                    started(running, Background.start(limited(p.netns(), "tcpdump", "-i", "any", "--immediate-mode", "-U", "-n",
                            "-s", "200", "-w", pcap.toString(), "udp", "port",
                            String.valueOf(req.vxlanPort().getAsInt())), workDir.resolve(p.netns().name()
                            + ".vxlan.log")));
                }
            }
            awaitListening(running);
            client = ProbeSender.send(executor, req.source().netns(), probe, PROBE_TIMEOUT);
            Thread.sleep(SETTLE);
        } catch (IOException e) {
            throw new UncheckedIOException("trace work directory " + workDir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("trace interrupted", e);
        } finally {
            cleanUp(running, req.places());
        }
        List<Observation> all = new ArrayList<>();
        for (var e : logs.entrySet()) {
            KernelTraceParser.parse(read(e.getValue())).forEach(t -> all.add(new Observation(e.getKey(), t)));
        }
        List<Observation> request = PathAnalyser.request(all);
        List<Observation> reply = PathAnalyser.reply(all);
        Map<Observation, RouteLookup> routes = new LinkedHashMap<>();
        Map<Observation, Encapsulation> encaps = new LinkedHashMap<>();
        List<Observation> both = new ArrayList<>(request);
        both.addAll(reply);
        for (Observation o : both) {
            PathAnalyser.routeQuery(o).ifPresent(q -> {
                RouteLookup r = lookup(q);
                routes.put(o, r);
                vxlan(o.place().netns(), r).ifPresent(x -> encaps.put(o, onWire(x, o, wire, req)));
            });
        }
        keep(wire.values());
        List<ConntrackEntry> conntrack = new ArrayList<>();
        for (Observation o : request) {
            if (!o.place().pod()) {
                conntrack.addAll(conntrack(o.place(), probe, o.traversal().first().sport()));
            }
        }
        TracePath path = PathAnalyser.build(req.sourceLabel(), req.targetLabel(), probe, client, request, reply,
                routes, encaps, conntrack, req.service());
        LOG.log(System.Logger.Level.INFO, () -> "trace probe=\"" + probe.display() + "\" places="
                + req.places().size() + " verdict=" + path.verdict().status() + " took="
                + (System.nanoTime() - t0) / 1_000_000 + "ms");
        return path;
    }

    /**
     * Ends the trace's footprint: the tables first (they are what could change what the lab does), then every
     * monitor and capture. Each step runs even when an earlier one failed; failures are logged, never thrown over
     * the trace's own outcome.
     */
    private void cleanUp(List<Background> running, List<Place> places) {
        try {
            removeTables(executor, places.stream().map(Place::netns).toList());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "trace: removing the trace tables failed: " + e.getMessage(), e);
        }
        for (Background b : running) {
            try {
                b.stop(Duration.ofSeconds(1));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "trace: stopping " + b.handle().pid() + " failed: "
                        + e.getMessage(), e);
            }
            try {
                ledger.ended(b.handle());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "trace: unrecording " + b.handle().pid() + " failed: "
                        + e.getMessage(), e);
            }
        }
    }

    /** Removes the trace table from every namespace that has one (a leftover of a crashed trace). */
    public static void removeTables(Executor executor, List<Netns> namespaces) {
        parallelNs(namespaces, ns -> {
            var r = executor.run(Command.nftScript(ns, TraceTable.remove()));
            if (!r.ok()) {
                LOG.log(System.Logger.Level.WARNING, "trace: removing the trace table in " + ns.name()
                        + " failed (exit " + r.exitCode() + "): " + r.stderr().strip());
            }
        });
    }

    private void clearLast() throws IOException {
        Path last = workDir.resolve("last");
        if (Files.isDirectory(last)) {
            try (var files = Files.list(last)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /** Keeps {@code b} for the clean-up before recording it, so a failed record can't leave it running. */
    private void started(List<Background> running, Background b) {
        running.add(b);
        ledger.started(b.handle());
    }

    /** Wraps a long-running tool in {@code timeout}, which also passes our SIGTERM on to it. */
    private static Command limited(Netns ns, String... argv) {
        List<String> a = new ArrayList<>(List.of("timeout", "--kill-after=2", MONITOR_LIFETIME.toSeconds() + "s"));
        a.addAll(List.of(argv));
        return new Command(ns, a, "");
    }

    /**
     * {@return the tcpdump filter of {@code --pcap}}: the probe's packets, ICMP (echoes and errors about the probe),
     * and the overlay's packets on the lab's VXLAN port, when the pod network is an overlay
     */
    static String captureFilter(ProbeSpec p, OptionalInt vxlanPort) {
        String probe = switch (p.protocol()) {
            case TCP, HTTP, UDP -> p.protocol().ipProtocol() + " port " + p.sourcePort() + " or icmp";
            case ICMP -> "icmp";
        };
        return probe + (vxlanPort.isPresent() ? " or udp port " + vxlanPort.getAsInt() : "");
    }

    /** Waits until every monitor has opened its netlink socket (it subscribes right after), at most 2 s. */
    private static void awaitListening(List<Background> running) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        for (Background b : running) {
            while (System.nanoTime() < deadline && b.alive() && !hasSocket(b.handle())) {
                Thread.sleep(10);
            }
        }
        // The socket is opened just before the subscription; give the bind a moment.
        Thread.sleep(50);
    }

    private static boolean hasSocket(ProcessHandle h) {
        return h.descendants().anyMatch(d -> {
            try (var fds = Files.list(Path.of("/proc", String.valueOf(d.pid()), "fd"))) {
                return fds.anyMatch(fd -> {
                    try {
                        return Files.readSymbolicLink(fd).toString().startsWith("socket:");
                    } catch (IOException e) {
                        return false;
                    }
                });
            } catch (IOException | UncheckedIOException e) {
                return false;
            }
        });
    }

    private RouteLookup lookup(RouteQuery q) {
        Result r = executor.run(IpRoute.getCommand(q.place().netns(), q.args()));
        return KernelLookups.route(String.join(" ", q.args()), r.ok(), r.stdout(), r.stderr());
    }

    private Optional<Encapsulation> vxlan(Netns ns, RouteLookup route) {
        // A route with a gateway always names a real device (only local routes show as "lo (local)").
        if (route.dev().isEmpty() || route.via().isEmpty()) {
            return Optional.empty();
        }
        IfName dev = IfName.of(route.dev().get());
        Result shown = executor.run(IpLink.detailsCommand(ns, dev));
        Optional<IpLink> link = shown.ok() ? IpLink.parseOne(shown.stdout()) : Optional.empty();
        if (link.flatMap(IpLink::vxlan).isEmpty()) {
            return Optional.empty();
        }
        // Best effort, as the whole lookup: an unreadable table means no header to show, not a failed trace.
        Result neigh = executor.run(IpNeigh.command(ns, dev));
        Result fdb = executor.run(BridgeFdb.command(ns, dev));
        return KernelLookups.vxlan(dev, route.via().get(), link,
                neigh.ok() ? IpNeigh.parse(neigh.stdout(), dev) : List.of(),
                fdb.ok() ? BridgeFdb.parse(fdb.stdout(), dev) : List.of());
    }

    /** Moves the underlay captures to {@code last/}, next to the monitors' output of the same trace. */
    private void keep(java.util.Collection<Path> captures) {
        try {
            Path last = workDir.resolve("last");
            Files.createDirectories(last);
            for (Path p : captures) {
                if (Files.exists(p)) {
                    Files.move(p, last.resolve(p.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("keep " + captures, e);
        }
    }

    /** {@return the header as captured on the place's underlay, when the capture holds the packet that left} */
    private static Encapsulation onWire(Encapsulation tables, Observation o, Map<Place, Path> wire,
            TraceRequest req) {
        Path pcap = wire.get(o.place());
        if (pcap == null || !Files.exists(pcap)) {
            return tables;
        }
        try {
            PacketHeader left = o.traversal().last();
            return VxlanWire.frames(Files.readAllBytes(pcap), req.vxlanPort().orElse(tables.port())).stream()
                    .filter(f -> f.outgoing() && f.carries(left)).findFirst().map(tables::seen).orElse(tables);
        } catch (IOException e) {
            throw new UncheckedIOException("read " + pcap, e);
        }
    }

    private List<ConntrackEntry> conntrack(Place p, ProbeSpec probe, int sport) {
        List<String> argv = new ArrayList<>(List.of("conntrack", "-L", "-p", probe.protocol().ipProtocol()));
        if (probe.protocol() == TraceProtocol.ICMP) {
            argv.addAll(List.of("--icmp-id", String.valueOf(probe.sourcePort())));
        } else {
            argv.addAll(List.of("--orig-port-src", String.valueOf(sport)));
        }
        Result r = executor.run(new Command(p.netns(), argv, ""));
        return r.ok() ? ConntrackEntry.parse(p.label(), r.stdout()) : List.of();
    }

    private int pickPort(int avoid) {
        int p;
        do {
            p = 40000 + random.nextInt(20000);
        } while (p == avoid);
        return p;
    }

    private static void mkdirs(Path d) {
        try {
            Files.createDirectories(d);
        } catch (IOException e) {
            throw new UncheckedIOException("create " + d, e);
        }
    }

    /** Reads a monitor's output and keeps it as {@code last/<netns>.trace}: the raw kernel view of the last trace. */
    private String read(Path p) {
        try {
            String text = Files.exists(p) ? Files.readString(p) : "";
            Path last = workDir.resolve("last");
            Files.createDirectories(last);
            Files.writeString(last.resolve(p.getFileName()), text);
            Files.deleteIfExists(p);
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException("read " + p, e);
        }
    }

    private static void parallel(List<Place> places, Consumer<Place> body) {
        parallelNs(places.stream().map(Place::netns).toList(), ns -> body.accept(places.stream()
                .filter(p -> p.netns().equals(ns)).findFirst().orElseThrow()));
    }

    private static void parallelNs(List<Netns> namespaces, Consumer<Netns> body) {
        Map<Netns, RuntimeException> failures = new ConcurrentHashMap<>();
        List<Thread> threads = new ArrayList<>();
        for (Netns ns : namespaces) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    body.accept(ns);
                } catch (RuntimeException e) {
                    failures.put(ns, e);
                }
            }));
        }
        // Every thread is joined even when interrupted: an install landing after the removal would leave a table.
        boolean interrupted = false;
        for (Thread t : threads) {
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (!failures.isEmpty()) {
            throw failures.values().iterator().next();
        }
    }
}
