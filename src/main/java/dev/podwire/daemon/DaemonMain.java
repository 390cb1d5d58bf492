package dev.podwire.daemon;

import dev.podwire.rpc.RpcServer;
import dev.podwire.rpc.RpcClient;
import dev.podwire.host.ProcessExecutor;
import dev.podwire.lab.LabNames;
import dev.podwire.lab.LabRecord;
import dev.podwire.lab.Teardown;
import dev.podwire.labfile.LabDocuments;
import dev.podwire.labfile.LabFiles;
import dev.podwire.cluster.KindRegistry;
import dev.podwire.net.Cidr;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The lab daemon: one JVM per lab, started detached by {@code podwire up}. It builds the lab, reports progress to
 * whoever follows it, serves the CLI until {@code down}, and removes everything it built if bringing it up fails.
 */
public final class DaemonMain {
    private static final System.Logger LOG = System.getLogger(DaemonMain.class.getName());

    private DaemonMain() {}

    /** {@code --lab NAME --file PATH...} */
    public static void main(String[] args) throws Exception {
        String labName = "";
        List<Path> files = new ArrayList<>();
        java.util.Optional<String> datastore = java.util.Optional.empty();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--lab" -> labName = args[i + 1];
                case "--file" -> files.add(Path.of(args[i + 1]));
                case "--datastore" -> datastore = java.util.Optional.of(args[i + 1]);
                default -> throw new IllegalArgumentException("argument: " + args[i]
                        + " (expected: --lab, --file or --datastore)");
            }
        }
        LabNames names = new LabNames(labName);
        ProgressLog progress = new ProgressLog();
        ProcessExecutor executor = new ProcessExecutor();
        LabDocuments docs = LabFiles.load(files, KindRegistry.DEFAULT.all());
        // `up --datastore etcd` overrides the file's spec.datastore (the lab's own etcd).
        var lab = datastore.map(d -> switch (d) {
            case "etcd" -> docs.lab().datastore().isEtcd() ? docs.lab()
                    : docs.lab().withDatastore(dev.podwire.labfile.DatastoreSpec.etcd());
            case "memory" -> docs.lab().withDatastore(dev.podwire.labfile.DatastoreSpec.memory());
            default -> throw new IllegalArgumentException("--datastore: " + d + " (expected: memory or etcd)");
        }).orElse(docs.lab());
        Bookkeeper book = new Bookkeeper(new LabNames(lab.name()));
        LabRuntime runtime = new LabRuntime(lab, executor, LabFiles.labJson(files), book);
        Handlers handlers = new Handlers(runtime, book, progress, executor);
        book.record(r -> r.withDaemon(ProcessHandle.current().pid()));
        RpcServer server = RpcServer.start(RpcClient.socket(names.stateDir()), handlers::handle);
        handlers.onExit(server::close);
        try {
            up(runtime, docs, progress);
            progress.finish(0);
            // Every other thread is a daemon thread: the JVM lives as long as main does, until `down` exits it.
            new java.util.concurrent.CountDownLatch(1).await();
        } catch (Exception | Error e) {
            LOG.log(System.Logger.Level.ERROR, "lab failed to come up", e);
            progress.add("error: " + e.getMessage());
            progress.add("removing what was built ...");
            try {
                runtime.close();
                new Teardown(names, executor).run(LabRecord.read(names), false);
            } catch (RuntimeException cleanup) {
                // The CLI tears down again from the record when the daemon reports failure.
                LOG.log(System.Logger.Level.ERROR, "cleanup after failed up", cleanup);
                progress.add("error: cleanup failed too: " + cleanup.getMessage());
            } finally {
                progress.finish(1);
                Thread.sleep(1000);
                server.close();
                System.exit(1);
            }
        }
    }

    private static void up(LabRuntime runtime, LabDocuments docs, ProgressLog progress) throws InterruptedException {
        long t0 = System.nanoTime();
        var lab = runtime.lab();
        progress.add("lab " + lab.name() + ": " + lab.nodes().size() + " nodes, " + lab.underlay().hosts().size()
                + " hosts, " + lab.underlay().segments().size() + " segment(s); flannel "
                + lab.podNetwork().backend().type() + " on " + lab.podNetwork().network());
        docs.warnings().forEach(w -> LOG.log(System.Logger.Level.WARNING, w));
        progress.add("✓ " + runtime.buildUnderlay());
        progress.add("✓ " + runtime.startDatastore());
        Map<String, Cidr> podCidrs = runtime.startControlPlane();
        progress.add("✓ control plane: datastore, scheduler, deployment and replicaset controllers");
        runtime.startAgents(podCidrs).forEach(line -> progress.add("✓ " + line));
        runtime.writes().apply(docs.objects());
        Readiness readiness = new Readiness(runtime);
        progress.add("✓ " + readiness.awaitPods(LabRuntime.podTimeout(), progress::add));
        progress.add("✓ " + readiness.probeTraffic());
        progress.add("lab " + lab.name() + " is up in " + LabRuntime.ms(t0) + ". Try: podwire get pods -o wide ; "
                + "podwire exec node/" + lab.nodes().getFirst().name() + " -- ip route ; podwire down " + lab.name());
    }
}
