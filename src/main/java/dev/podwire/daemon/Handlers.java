package dev.podwire.daemon;

import dev.podwire.rpc.RequestException;
import dev.podwire.rpc.Reply;
import dev.podwire.rpc.Request;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podwire.host.Executor;
import dev.podwire.lab.LabRecord;
import dev.podwire.lab.Teardown;
import java.util.Map;
import java.util.TreeMap;

/** Serves the CLI's verbs against a running lab. */
final class Handlers {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final LabRuntime runtime;
    private final Bookkeeper book;
    private final ProgressLog progress;
    private final Executor executor;
    private final Queries queries;
    private final Changes changes;
    private final TraceVerb trace;
    private final EtcdVerb etcd;
    private Runnable onExit = () -> { };

    Handlers(LabRuntime runtime, Bookkeeper book, ProgressLog progress, Executor executor) {
        this.runtime = runtime;
        this.book = book;
        this.progress = progress;
        this.executor = executor;
        this.queries = new Queries(runtime);
        this.changes = new Changes(runtime.lab(), runtime.cluster().kinds(), runtime::writes);
        this.trace = new TraceVerb(runtime, book, executor);
        this.etcd = new EtcdVerb(runtime, book);
    }

    void onExit(Runnable r) {
        this.onExit = r;
    }

    int handle(Request req, Reply reply) throws Exception {
        if (!progress.finished() && !req.verb().equals("progress") && !req.verb().equals("ping")
                && !req.verb().equals("down")) {
            throw new RequestException(1, "lab " + runtime.lab().name() + " is still coming up; try again shortly");
        }
        return switch (req.verb()) {
            case "ping" -> 0;
            case "progress" -> progress.follow(reply);
            case "get" -> queries.get(req, reply);
            case "describe" -> queries.describe(req, reply);
            case "pick-pod" -> queries.pickPod(req, reply);
            case "resolve" -> resolve(req, reply);
            case "trace" -> trace.trace(req, reply, queries);
            case "namespaces" -> namespaces(reply);
            case "adopt" -> process(req, true);
            case "release" -> process(req, false);
            case "apply" -> changes.apply(req, reply);
            case "scale" -> changes.scale(req, reply);
            case "delete" -> changes.delete(req, reply);
            case "down" -> down(reply);
            case "etcd" -> etcd.handle(req, reply);
            default -> throw new RequestException(2, "unknown request: " + req.verb());
        };
    }

    /** Answers where a target lives: its namespace, and for nodes the directories to mount as theirs. */
    private int resolve(Request req, Reply reply) throws Exception {
        Target t = Target.parse(req.args().getFirst());
        ObjectNode out = JSON.createObjectNode();
        Map<String, String> binds = new TreeMap<>();
        switch (t.kind()) {
            case "pod" -> {
                var pod = queries.pod(req.option("namespace", "default"), t.name());
                out.put("netns", runtime.names().pod(pod.getMetadata().getNamespace(), pod.getMetadata().getName())
                        .name());
            }
            case "node" -> {
                queries.requireMachine("node", t.name());
                out.put("netns", runtime.names().machine(t.name()).name());
                String root = runtime.names().nodeRoot(t.name());
                binds.put(root + "/run/flannel", "/run/flannel");
                binds.put(root + "/var/lib/cni", "/var/lib/cni");
                binds.put(root + "/etc/cni/net.d", "/etc/cni/net.d");
            }
            case "host", "router" -> {
                queries.requireMachine(t.kind(), t.name());
                out.put("netns", runtime.names().machine(t.name()).name());
            }
            default -> throw new RequestException(2, "exec target " + t + " (expected: pod/NAME, node/NAME, "
                    + "host/NAME or router/NAME)");
        }
        ObjectNode b = out.putObject("binds");
        binds.forEach(b::put);
        reply.out(out.toString());
        return 0;
    }

    /** Lists every namespace of the lab with its target name, one JSON line each (for {@code capture --all}). */
    private int namespaces(Reply reply) {
        java.util.function.BiConsumer<String, String> line = (target, netns) -> reply.out(JSON.createObjectNode()
                .put("target", target).put("netns", netns).toString());
        line.accept("fabric", runtime.names().fabric().name());
        for (var m : dev.podwire.lab.UnderlayPlanner.machines(runtime.lab())) {
            line.accept(m.role().name().toLowerCase(java.util.Locale.ROOT) + "/" + m.name(),
                    runtime.names().machine(m.name()).name());
        }
        for (var pod : runtime.cluster().list(dev.podwire.cluster.ResourceType.POD)) {
            // Only pods whose sandbox exists: wired pods have an IP.
            if (pod.getStatus() != null && pod.getStatus().getPodIP() != null) {
                line.accept("pod/" + pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName(),
                        runtime.names().pod(pod.getMetadata().getNamespace(), pod.getMetadata().getName()).name());
            }
        }
        return 0;
    }

    /** Records (or forgets) a process the CLI started in the lab, so that {@code down} ends it if the CLI cannot. */
    private int process(Request req, boolean adopt) {
        dev.podwire.lab.ProcessRef ref = new dev.podwire.lab.ProcessRef(Long.parseLong(req.option("pid", "0")),
                Long.parseLong(req.option("started", "0")));
        if (ref.pid() <= 0) {
            throw new RequestException(2, "pid: " + ref.pid() + " (expected: a process ID)");
        }
        if (adopt && ref.startedAtMillis() <= 0) {
            // Without its start time, down could end whichever process reuses the PID later.
            throw new RequestException(2, "started: " + ref.startedAtMillis() + " (expected: the process's start time"
                    + " in epoch milliseconds)");
        }
        book.record(r -> adopt ? r.withProcess(ref) : r.withoutProcess(ref.pid()));
        return 0;
    }

    private int down(Reply reply) throws InterruptedException {
        if (!progress.finished()) {
            // Tearing down under a running `up` would race it; let it finish (or fail and clean up) first.
            reply.out("lab " + runtime.lab().name() + " is still coming up; stopping when it is done ...");
            progress.awaitFinished();
        }
        reply.out("stopping lab " + runtime.lab().name() + " ...");
        trace.stop();
        runtime.close();
        Teardown.Report r = new Teardown(runtime.names(), executor).run(LabRecord.read(runtime.names()), false);
        reply.out("removed " + r.namespaces() + " namespaces");
        Thread.ofPlatform().daemon(true).start(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            onExit.run();
            System.exit(0);
        });
        return 0;
    }
}
