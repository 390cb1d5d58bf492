package dev.podwire.workload;

import dev.podwire.host.Command;
import dev.podwire.host.Executor;
import dev.podwire.host.Result;
import dev.podwire.net.Netns;
import java.util.random.RandomGenerator;

/**
 * Two throw-away namespaces {@code pwtest-wl-<rand>-a} (10.123.0.1/24) and {@code -b} (10.123.0.2/24) joined by a
 * veth pair created inside them, so the root namespace's links are never touched. {@link #close} deletes both.
 */
final class WorkloadTestNetns implements AutoCloseable {
    final Netns a;
    final Netns b;
    private final Executor exec;

    WorkloadTestNetns(Executor exec, RandomGenerator random) {
        this.exec = exec;
        String tag = "pwtest-wl-" + Integer.toHexString(random.nextInt(0x100000, 0x1000000));
        this.a = Netns.of(tag + "-a");
        this.b = Netns.of(tag + "-b");
        try {
            run(Command.of(Netns.HOST, "ip", "netns", "add", a.name()));
            run(Command.of(Netns.HOST, "ip", "netns", "add", b.name()));
            // Created in a with its peer moved straight into b: no interface ever appears in the root namespace.
            run(Command.of(a, "ip", "link", "add", "veth-a", "type", "veth", "peer", "name", "veth-b",
                    "netns", b.name()));
            wire(a, "veth-a", "10.123.0.1/24");
            wire(b, "veth-b", "10.123.0.2/24");
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void wire(Netns ns, String dev, String cidr) {
        run(Command.ipBatch(ns, "link set lo up\naddr add " + cidr + " dev " + dev + "\nlink set " + dev + " up\n"));
    }

    Result run(Command c) {
        return exec.run(c).orThrow();
    }

    @Override
    public void close() {
        // Deleting a namespace destroys the veth end inside it, and with it the peer.
        exec.run(Command.of(Netns.HOST, "ip", "netns", "delete", a.name()));
        exec.run(Command.of(Netns.HOST, "ip", "netns", "delete", b.name()));
    }
}
