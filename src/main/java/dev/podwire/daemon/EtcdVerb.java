package dev.podwire.daemon;

import dev.podwire.datastore.etcd.EtcdProcess;
import dev.podwire.lab.ProcessRef;
import dev.podwire.rpc.Reply;
import dev.podwire.rpc.Request;
import dev.podwire.rpc.RequestException;

/**
 * {@code podwire etcd stop|start|status}: the lab's own etcd, stopped and started on demand so that an etcd outage can
 * be reproduced. Stopping ends the process by PID and keeps its data directory; starting runs the same member on the
 * same data, so the store comes back as it was. An etcd the lab did not start (spec.datastore.endpoints) is refused.
 */
final class EtcdVerb {
    private final LabRuntime runtime;
    private final Bookkeeper book;

    EtcdVerb(LabRuntime runtime, Bookkeeper book) {
        this.runtime = runtime;
        this.book = book;
    }

    int handle(Request req, Reply reply) {
        String lab = runtime.lab().name();
        LabEtcd etcd = runtime.etcd().orElseThrow(() -> new RequestException(2, "lab " + lab + " uses the in-memory"
                + " datastore: it has no etcd to stop or start (bring it up with podwire up --datastore etcd)"));
        EtcdProcess process = etcd.process().orElseThrow(() -> new RequestException(2, "lab " + lab + " uses the etcd"
                + " at [" + etcd.store().endpoints() + "], which podwire did not start: stop and start it yourself"));
        String where = process.endpoints() + " in namespace " + process.config().netns();
        String action = req.args().isEmpty() ? "status" : req.args().getFirst();
        switch (action) {
            case "status" -> reply.out(process.process().map(p -> "etcd running (pid " + p.pid() + ") at " + where)
                    .orElse("etcd stopped (its data is kept at " + process.config().dataDir() + "); podwire etcd"
                            + " start --lab " + lab + " brings it back"));
            case "stop" -> {
                var running = process.process();
                if (running.isEmpty()) {
                    reply.out("etcd already stopped");
                    return 0;
                }
                process.stop();
                reply.out("etcd stopped (pid " + running.get().pid() + "); its data is kept. Node agents keep the"
                        + " data plane as it is and retry; podwire's commands that need the cluster fail until podwire"
                        + " etcd start --lab " + lab);
            }
            case "start" -> {
                if (process.process().isPresent()) {
                    reply.out("etcd already running (pid " + process.process().get().pid() + ") at " + where);
                    return 0;
                }
                long t0 = System.nanoTime();
                process.restart();
                ProcessRef started = process.process().orElseThrow(() -> new RequestException(1, "etcd exited right"
                        + " after starting; see " + process.config().log()));
                // down ends it by PID, even after a kill -9 of this daemon.
                book.record(r -> r.withProcess(started));
                reply.out("etcd started (pid " + started.pid() + ") at " + where + ", healthy after "
                        + (System.nanoTime() - t0) / 1_000_000 + " ms; agents reconnect and catch up");
            }
            default -> throw new RequestException(2, "etcd " + action + " (expected: stop, start or status)");
        }
        return 0;
    }
}
