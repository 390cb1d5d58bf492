package dev.podwire.backend.vxlan;

import dev.podwire.host.Command;
import dev.podwire.host.Executor;
import dev.podwire.host.ProcessExecutor;
import dev.podwire.host.Result;
import dev.podwire.host.ip.BridgeFdb;
import dev.podwire.host.ip.IpLink;
import dev.podwire.host.ip.IpNeigh;
import dev.podwire.host.ip.IpReader;
import dev.podwire.host.ip.IpRoute;
import dev.podwire.net.Netns;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Three throw-away namespaces {@code pwtest-vx-<random>-{u,a,b}}: {@code u} holds bridge {@code br0} (the underlay),
 * {@code a} and {@code b} are nodes with {@code eth0} (a veth into {@code br0}) at 192.168.50.1/24 and .2/24 and a
 * portless bridge {@code cni0} at 10.244.0.1/24 and 10.244.1.1/24. All deleted on close, even after failures.
 */
final class VxlanTestLab implements AutoCloseable {
    static final String BRIDGE = "br0";

    final Executor exec = new ProcessExecutor();
    final Netns u;
    final Netns a;
    final Netns b;
    private final List<Netns> created = new ArrayList<>();

    private VxlanTestLab(String prefix) {
        u = Netns.of(prefix + "-u");
        a = Netns.of(prefix + "-a");
        b = Netns.of(prefix + "-b");
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    static VxlanTestLab create() {
        VxlanTestLab lab = new VxlanTestLab("pwtest-vx-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt() & 0x7fffffff));
        try {
            for (Netns ns : List.of(lab.u, lab.a, lab.b)) {
                lab.exec.run(Command.of(Netns.HOST, "ip", "netns", "add", ns.name())).orThrow();
                lab.created.add(ns);
                lab.ok(ns, "ip", "link", "set", "dev", "lo", "up");
            }
            lab.ok(lab.u, "ip", "link", "add", "name", BRIDGE, "type", "bridge");
            lab.ok(lab.u, "ip", "link", "set", "dev", BRIDGE, "up");
            lab.node(lab.a, "vxa", "192.168.50.1/24", "10.244.0.1/24");
            lab.node(lab.b, "vxb", "192.168.50.2/24", "10.244.1.1/24");
            return lab;
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    private void node(Netns ns, String port, String underlay, String pod) {
        // Names always follow name/dev: ip reads a bare "a" as an abbreviated keyword.
        ok(ns, "ip", "link", "add", "name", "eth0", "type", "veth", "peer", "name", port, "netns", u.name());
        ok(u, "ip", "link", "set", "dev", port, "master", BRIDGE, "up");
        ok(ns, "ip", "addr", "add", underlay, "dev", "eth0");
        ok(ns, "ip", "link", "set", "dev", "eth0", "up");
        // No dummy module on every kernel; a bridge without ports holds the "pod gateway" address just as well.
        ok(ns, "ip", "link", "add", "name", "cni0", "type", "bridge");
        ok(ns, "ip", "addr", "add", pod, "dev", "cni0");
        ok(ns, "ip", "link", "set", "dev", "cni0", "up");
    }

    /** {@return stdout of {@code argv} in {@code ns}}, failing on a non-zero exit */
    String ok(Netns ns, String... argv) {
        return exec.run(Command.of(ns, argv)).orThrow().stdout();
    }

    Result run(Command command) {
        return exec.run(command);
    }

    /** Runs the VTEP decision's batch, when it has lines. */
    void apply(Netns ns, VtepDecision vtep) {
        if (!vtep.lines().isEmpty()) {
            exec.run(Command.ipBatch(ns, vtep.ipBatch())).orThrow();
        }
    }

    /** Runs the entry changes in flannel's order, each batch only when non-empty. */
    void apply(Netns ns, VxlanChanges changes) {
        List<Command> commands = List.of(Command.ipBatch(ns, changes.ipBatchBefore()),
                new Command(ns, List.of("bridge", "-batch", "-"), changes.bridgeBatch()),
                Command.ipBatch(ns, changes.ipBatchAfter()));
        for (Command c : commands) {
            if (!c.stdin().isEmpty()) {
                exec.run(c).orThrow();
            }
        }
    }

    // The agent's reads, through the same reader: an absent VTEP is empty, not an error.
    Optional<IpLink> observeVtep(Netns ns) {
        return new IpReader(exec).linkDetails(ns, VtepDevice.nameFor(1));
    }

    List<IpRoute> observeRoutes(Netns ns) {
        return new IpReader(exec).routes(ns);
    }

    List<IpNeigh> observeNeighs(Netns ns) {
        return new IpReader(exec).neighbours(ns, VtepDevice.nameFor(1));
    }

    List<BridgeFdb> observeFdb(Netns ns) {
        return new IpReader(exec).fdb(ns, VtepDevice.nameFor(1));
    }

    @Override
    public void close() {
        for (Netns ns : created.reversed()) {
            exec.run(Command.of(Netns.HOST, "ip", "netns", "del", ns.name()));
        }
    }
}
