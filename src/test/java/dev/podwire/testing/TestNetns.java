package dev.podwire.testing;

import dev.podwire.host.Command;
import dev.podwire.host.Executor;
import dev.podwire.host.ProcessExecutor;
import dev.podwire.host.Result;
import dev.podwire.net.Netns;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A throw-away namespace {@code pwtest-<tag>-<random>} for root-only tests, with {@code lo} up; deleted on close, even
 * after failures (use it in try-with-resources).
 */
public final class TestNetns implements AutoCloseable {
    private final Executor exec = new ProcessExecutor();
    private final Netns netns;

    private TestNetns(Netns netns) {
        this.netns = netns;
    }

    /** {@return whether the tests run as root} */
    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** {@return a new namespace named after {@code tag}} */
    public static TestNetns create(String tag) {
        Netns ns = Netns.of("pwtest-" + tag + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt() & 0x7fffffff));
        TestNetns t = new TestNetns(ns);
        t.exec.run(Command.of(Netns.HOST, "ip", "netns", "add", ns.name())).orThrow();
        try {
            t.ok("ip", "link", "set", "lo", "up");
        } catch (RuntimeException e) {
            t.close();
            throw e;
        }
        return t;
    }

    /** {@return the namespace} */
    public Netns netns() {
        return netns;
    }

    /** {@return the result of {@code command} (run in whatever namespace it names)} */
    public Result run(Command command) {
        return exec.run(command);
    }

    /** {@return the result of {@code argv} inside the namespace} */
    public Result run(String... argv) {
        return exec.run(Command.of(netns, argv));
    }

    /** {@return stdout of {@code argv} inside the namespace}, failing on a non-zero exit */
    public String ok(String... argv) {
        return run(argv).orThrow().stdout();
    }

    /** Feeds {@code payload} to {@code iptables-restore --noflush} inside the namespace, failing on error. */
    public void restore(String payload) {
        exec.run(Command.iptablesRestore(netns, payload)).orThrow();
    }

    /** {@return the result of {@code iptables -w 5 args...} inside the namespace} */
    public Result iptables(List<String> args) {
        List<String> argv = new ArrayList<>(List.of("iptables", "-w", "5"));
        argv.addAll(args);
        return exec.run(new Command(netns, argv, ""));
    }

    @Override
    public void close() {
        exec.run(Command.of(Netns.HOST, "ip", "netns", "del", netns.name()));
    }
}
