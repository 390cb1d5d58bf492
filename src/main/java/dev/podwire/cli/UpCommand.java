package dev.podwire.cli;

import dev.podwire.rpc.RpcClient;
import dev.podwire.host.InteractiveExec;
import dev.podwire.host.ProcessExecutor;
import dev.podwire.lab.LabNames;
import dev.podwire.lab.LabRecord;
import dev.podwire.lab.ProcessRef;
import dev.podwire.lab.Teardown;
import dev.podwire.labfile.LabDocuments;
import dev.podwire.labfile.LabFiles;
import dev.podwire.cluster.KindRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code podwire up FILE...}: validates the lab file, starts the lab's daemon and follows its progress. */
@Command(name = "up", description = "Bring up a lab from a Lab document and Kubernetes manifests.")
final class UpCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Lab file(s): one Lab document plus manifests.")
    List<Path> files;

    @picocli.CommandLine.Option(names = "--datastore", paramLabel = "TYPE", description = "memory (the daemon's"
            + " embedded store, the default) or etcd (a real etcd and one agent process per node); overrides the"
            + " Lab file's spec.datastore.type.")
    String datastore;

    @Override
    public Integer call() throws Exception {
        Preflight.requireRoot();
        // Everything static is checked before anything is created: a bad file leaves nothing behind.
        LabDocuments docs = LabFiles.load(files, new KernelRulesCheck(new ProcessExecutor()),
                KindRegistry.DEFAULT.all());
        docs.warnings().forEach(w -> System.err.println("warning: " + w));
        var unsupported = docs.lab().kubeProxy().mode().unsupported();
        if (unsupported.isPresent()) {
            throw new UsageException("spec.kubeProxy.mode: " + unsupported.get());
        }
        Preflight.requireTools();
        var spec = docs.lab().datastore();
        if (datastore != null) {
            spec = switch (datastore) {
                case "memory" -> dev.podwire.labfile.DatastoreSpec.memory();
                case "etcd" -> spec.isEtcd() ? spec : dev.podwire.labfile.DatastoreSpec.etcd();
                default -> throw new UsageException("--datastore: " + datastore + " (expected: memory or etcd)");
            };
        }
        if (spec.isEtcd()) {
            Preflight.requireEtcdTools(spec.endpoints().isEmpty());
        }
        LabNames names = new LabNames(docs.lab().name());
        Optional<LabRecord> existing = LabRecord.read(names);
        if (existing.isPresent()) {
            String how = Labs.alive(names) ? "is already up" : "was left behind by a daemon that is gone";
            throw new dev.podwire.rpc.RequestException(1, "lab " + names.lab() + " " + how
                    + "; run `podwire down " + names.lab() + "` first");
        }
        refuseCollisions(names, docs);
        List<String> paths = files.stream().map(p -> p.toAbsolutePath().normalize().toString()).toList();
        LabRecord record = new LabRecord(names.lab(), 0, List.of(), List.of(), paths);
        record.write();
        Path log = Path.of(names.stateDir(), "daemon.log");
        // No record means no daemon: a socket left in the state directory (by a daemon killed before it could remove
        // it) is stale, and waiting for "the socket" below must mean the new daemon's.
        Files.deleteIfExists(RpcClient.socket(names.stateDir()));
        ProcessHandle daemon = InteractiveExec.spawnDetached(daemonArgv(names, paths, spec.type().label()), log);
        // From here on only the daemon writes lab.json (it records its own PID first).

        Path socket = RpcClient.socket(names.stateDir());
        for (int i = 0; i < 300 && !Files.exists(socket); i++) {
            if (!daemon.isAlive()) {
                System.err.println(tail(log));
                new Teardown(names, new ProcessExecutor()).run(LabRecord.read(names), true);
                throw new dev.podwire.rpc.RequestException(1, "the lab daemon exited during start-up (log above)");
            }
            Thread.sleep(100);
        }
        int code;
        try {
            code = Labs.call(names, dev.podwire.rpc.Request.of("progress"));
        } catch (RuntimeException e) {
            // The daemon went away mid-way: remove whatever it left, then report.
            new Teardown(names, new ProcessExecutor()).run(LabRecord.read(names), true);
            throw e;
        }
        if (code != 0) {
            // The daemon removes a lab that failed to come up; make sure nothing is left if it could not.
            daemon.onExit().get(java.time.Duration.ofSeconds(30).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            new Teardown(names, new ProcessExecutor()).run(LabRecord.read(names), true);
        }
        return code;
    }

    /**
     * Namespace names are {@code <lab>-<name>}: labs {@code a} and {@code a-b} could both want {@code a-b-c}, and a
     * teardown of one could then remove the other's. Refuse such a pair, and any planned namespace that exists.
     */
    private static void refuseCollisions(LabNames names, LabDocuments docs) {
        for (String other : Labs.all()) {
            if (!other.equals(names.lab()) && (other.startsWith(names.lab() + "-")
                    || names.lab().startsWith(other + "-"))) {
                throw new UsageException("metadata.name: " + names.lab() + " (expected: a name that is not a prefix of,"
                        + " nor prefixed by, the running lab " + other + "; their namespace names could collide)");
            }
        }
        String listed = new dev.podwire.host.ProcessExecutor().run(dev.podwire.host.Command.of(
                dev.podwire.net.Netns.HOST, "ip", "netns", "list")).stdout();
        java.util.Set<String> existing = new java.util.TreeSet<>();
        listed.lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(l -> existing.add(l.split("\\s+")[0]));
        List<String> planned = new ArrayList<>(dev.podwire.lab.UnderlayPlanner.plan(docs.lab()).namespaces().stream()
                .map(dev.podwire.net.Netns::name).toList());
        planned.add(names.loadBalancer().name());
        planned.add(names.etcd().name());
        for (String ns : planned) {
            if (existing.contains(ns)) {
                throw new dev.podwire.rpc.RequestException(1, "network namespace " + ns + " already exists and is"
                        + " not this lab's; podwire will not take it over (remove it, or rename the lab or machine)");
            }
        }
    }

    private static List<String> daemonArgv(LabNames names, List<String> paths, String datastore) {
        List<String> argv = new ArrayList<>(dev.podwire.host.JavaCommand.argv("dev.podwire.daemon.DaemonMain"));
        argv.add("--lab");
        argv.add(names.lab());
        argv.add("--datastore");
        argv.add(datastore);
        for (String p : paths) {
            argv.add("--file");
            argv.add(p);
        }
        return argv;
    }

    private static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "";
        }
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }
}
