package dev.podwire.daemon;

import dev.podwire.rpc.RequestException;
import dev.podwire.rpc.Reply;
import dev.podwire.rpc.Request;
import dev.podwire.cluster.ResourceType;
import dev.podwire.host.Executor;
import dev.podwire.lab.Attachment;
import dev.podwire.lab.Machine;
import dev.podwire.lab.ProcessRef;
import dev.podwire.lab.UnderlayPlanner;
import dev.podwire.net.Ipv4;
import dev.podwire.subnet.BackendConfig;
import dev.podwire.trace.Place;
import dev.podwire.trace.ProcessLedger;
import dev.podwire.trace.ServiceAddress;
import dev.podwire.trace.TraceJson;
import dev.podwire.trace.TracePath;
import dev.podwire.trace.TraceProtocol;
import dev.podwire.trace.TraceRequest;
import dev.podwire.trace.TraceSession;
import dev.podwire.trace.TraceText;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code trace SOURCE TARGET}: resolves the client and the target to namespaces and addresses, lists every place of
 * the lab to watch (all machines and pods: a Service's endpoint is only chosen by the kernel), and runs one
 * {@link TraceSession}. Traces in one lab run one at a time: they share the trace table's name.
 */
final class TraceVerb {
    private final LabRuntime runtime;
    private final Bookkeeper book;
    private final Executor executor;
    private final ReentrantLock oneAtATime = new ReentrantLock();
    private volatile boolean stopped;

    TraceVerb(LabRuntime runtime, Bookkeeper book, Executor executor) {
        this.runtime = runtime;
        this.book = book;
        this.executor = executor;
    }

    int trace(Request req, Reply reply, Queries queries) {
        if (req.args().size() != 2) {
            throw new RequestException(2, "trace needs SOURCE and TARGET, e.g. pod/client svc/web:80");
        }
        String ns = req.option("namespace", "default");
        TraceProtocol protocol = protocol(req.option("protocol", "tcp"));
        List<Place> places = places();
        Place source = source(req.args().get(0), ns, places, queries);
        Endpoint target = target(req.args().get(1), ns, protocol, queries);
        Optional<Path> pcap = Optional.of(req.option("pcap", "")).filter(s -> !s.isEmpty()).map(Path::of);
        if (pcap.isPresent() && !pcap.get().isAbsolute()) {
            throw new RequestException(2, "--pcap " + pcap.get() + " (expected: an absolute directory)");
        }
        OptionalInt vxlanPort = switch (runtime.lab().podNetwork().backend()) {
            case BackendConfig.Vxlan v -> OptionalInt.of(v.effectivePort());
            case BackendConfig.HostGw h -> OptionalInt.empty();
        };
        TraceRequest tr = new TraceRequest(req.args().get(0), req.args().get(1), source, places, protocol,
                target.ip(), target.port(), pcap, vxlanPort, places.stream().filter(p -> p.label().startsWith("node/"))
                .toList(), serviceAt(target.ip()));
        oneAtATime.lock();
        TracePath path;
        try {
            if (stopped) {
                throw new RequestException(1, "lab " + runtime.lab().name() + " is going down; no new traces");
            }
            path = new TraceSession(executor, Path.of(runtime.names().stateDir(), "trace"), ledger(),
                    ThreadLocalRandom.current()).run(tr);
        } finally {
            oneAtATime.unlock();
        }
        String text = req.option("output", "text").equals("json") ? TraceJson.render(path) : TraceText.render(path);
        reply.out(text.stripTrailing());
        return 0;
    }

    /** {@return the Service whose ClusterIP {@code ip} is (whatever the user typed: svc/NAME or the address)} */
    private Optional<ServiceAddress> serviceAt(Ipv4 ip) {
        return runtime.cluster().list(ResourceType.SERVICE).stream()
                .filter(s -> ip.toString().equals(s.getSpec().getClusterIP()))
                .findFirst()
                .map(s -> new ServiceAddress(s.getMetadata().getNamespace() + "/" + s.getMetadata().getName(),
                        runtime.lab().kubeProxy().mode().label()));
    }

    private ProcessLedger ledger() {
        return new ProcessLedger() {
            @Override
            public void started(ProcessHandle process) {
                book.record(r -> r.withProcess(ProcessRef.of(process)));
            }

            @Override
            public void ended(ProcessHandle process) {
                book.record(r -> r.withoutProcess(process.pid()));
            }
        };
    }

    private static TraceProtocol protocol(String text) {
        try {
            return TraceProtocol.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new RequestException(2, "protocol: " + text + " (expected: tcp, udp, icmp or http)");
        }
    }

    /** {@return every machine and every running pod of the lab, machines first} */
    private List<Place> places() {
        List<Place> out = new ArrayList<>();
        for (Machine m : UnderlayPlanner.machines(runtime.lab())) {
            out.add(new Place(m.role().name().toLowerCase(Locale.ROOT) + "/" + m.name(),
                    runtime.names().machine(m.name()), m.attachments().stream().map(Attachment::address).toList()));
        }
        for (Pod p : runtime.cluster().list(ResourceType.POD)) {
            if (Readiness.running(p)) {
                out.add(podPlace(p));
            }
        }
        return List.copyOf(out);
    }

    private static Pod runningPod(Queries queries, String ns, String name) {
        Pod p = queries.pod(ns, name);
        if (!Readiness.running(p)) {
            throw new RequestException(1, "pod " + name + " is not running; a trace needs its network (see podwire get"
                    + " pods " + name + ")");
        }
        return p;
    }

    private Place podPlace(Pod p) {
        return new Place("pod/" + p.getMetadata().getNamespace() + "/" + p.getMetadata().getName(),
                runtime.names().pod(p.getMetadata().getNamespace(), p.getMetadata().getName()),
                List.of(Ipv4.parse(p.getStatus().getPodIP())));
    }

    private Place source(String text, String ns, List<Place> places, Queries queries) {
        Target t = Target.parse(text);
        return switch (t.kind()) {
            case "pod" -> podPlace(runningPod(queries, ns, t.name()));
            case "node", "host", "router" -> {
                queries.requireMachine(t.kind(), t.name());
                yield places.stream().filter(pl -> pl.label().equals(t.kind() + "/" + t.name())).findFirst()
                        .orElseThrow();
            }
            default -> throw new RequestException(2, "trace source " + t + " (expected: pod/NAME, node/NAME, "
                    + "host/NAME or router/NAME)");
        };
    }

    /** An address and port to send to. */
    private record Endpoint(Ipv4 ip, int port) {}

    private Endpoint target(String text, String ns, TraceProtocol protocol, Queries queries) {
        String where = text;
        Optional<Integer> port = Optional.empty();
        int colon = text.lastIndexOf(':');
        if (colon > 0) {
            where = text.substring(0, colon);
            String p = text.substring(colon + 1);
            if (!p.matches("[0-9]{1,5}") || Integer.parseInt(p) < 1 || Integer.parseInt(p) > 65535) {
                throw new RequestException(2, "target port: " + p + " in " + text + " (expected: 1..65535)");
            }
            port = Optional.of(Integer.parseInt(p));
        }
        Ipv4 ip;
        Optional<Integer> defaultPort = Optional.empty();
        Optional<Ipv4> literal = Ipv4.tryParse(where);
        if (literal.isPresent()) {
            ip = literal.get();
        } else {
            Target t = Target.parse(where);
            switch (t.kind()) {
                case "service" -> {
                    Service svc = runtime.cluster().get(ResourceType.SERVICE, ns, t.name()).orElseThrow(() ->
                            new RequestException(1, "services \"" + t.name() + "\" not found in namespace " + ns));
                    String cip = svc.getSpec().getClusterIP();
                    if (cip == null || cip.equals("None")) {
                        throw new RequestException(2, "service " + t.name() + " has no ClusterIP (headless); "
                                + "trace one of its pods instead");
                    }
                    ip = Ipv4.parse(cip);
                    defaultPort = Optional.ofNullable(svc.getSpec().getPorts()).orElse(List.of()).stream()
                            .findFirst().map(ServicePort::getPort);
                }
                case "pod" -> ip = podPlace(runningPod(queries, ns, t.name())).addresses().getFirst();
                case "node", "host", "router" -> {
                    queries.requireMachine(t.kind(), t.name());
                    ip = UnderlayPlanner.machines(runtime.lab()).stream().filter(m -> m.name().equals(t.name()))
                            .findFirst().orElseThrow().attachments().getFirst().address();
                }
                default -> throw new RequestException(2, "trace target " + t + " (expected: svc/NAME[:PORT], "
                        + "pod/NAME:PORT, node/NAME:PORT, host/NAME:PORT, router/NAME:PORT or IP:PORT)");
            }
        }
        if (protocol == TraceProtocol.ICMP) {
            return new Endpoint(ip, 0);
        }
        Optional<Integer> fallback = defaultPort;
        int p = port.or(() -> fallback).orElseThrow(() -> new RequestException(2, "target " + text
                + " needs a port (expected: " + text + ":PORT), or use --icmp"));
        return new Endpoint(ip, p);
    }

    /** Waits for a running trace to finish (it removes its own tables and monitors) and refuses new ones: for down. */
    void stop() {
        oneAtATime.lock();
        try {
            stopped = true;
        } finally {
            oneAtATime.unlock();
        }
    }
}
