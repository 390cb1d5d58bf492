package dev.podwire.proxy.iptables;

import dev.podwire.exec.Command;
import dev.podwire.exec.Executor;
import dev.podwire.exec.ProcessExecutor;
import dev.podwire.exec.Result;
import dev.podwire.net.Netns;
import java.util.concurrent.ThreadLocalRandom;

/** A throw-away namespace {@code pwtest-px-<random>} for root-only tests; deleted on close, even after failures. */
final class ProxyTestNetns implements AutoCloseable {
    private final Executor exec = new ProcessExecutor();
    private final Netns netns;

    private ProxyTestNetns(Netns netns) {
        this.netns = netns;
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    static ProxyTestNetns create() {
        Netns ns = Netns.of("pwtest-px-" + Integer.toHexString(ThreadLocalRandom.current().nextInt() & 0x7fffffff));
        ProxyTestNetns t = new ProxyTestNetns(ns);
        t.exec.run(Command.of(Netns.HOST, "ip", "netns", "add", ns.name())).orThrow();
        try {
            t.ok("ip", "link", "set", "lo", "up");
        } catch (RuntimeException e) {
            t.close();
            throw e;
        }
        return t;
    }

    /** {@return the result of {@code argv} inside the namespace} */
    Result run(String... argv) {
        return exec.run(Command.of(netns, argv));
    }

    /** {@return stdout of {@code argv} inside the namespace}, failing on a non-zero exit */
    String ok(String... argv) {
        return run(argv).orThrow().stdout();
    }

    /** Feeds {@code payload} to {@code iptables-restore --noflush}, failing on error. */
    void restore(String payload) {
        exec.run(Command.iptablesRestore(netns, payload)).orThrow();
    }

    /** {@return the result of running {@code iptables} with {@code args}} */
    Result iptables(java.util.List<String> args) {
        java.util.List<String> argv = new java.util.ArrayList<>(java.util.List.of("iptables", "-w", "5"));
        argv.addAll(args);
        return exec.run(new Command(netns, argv, ""));
    }

    @Override
    public void close() {
        exec.run(Command.of(Netns.HOST, "ip", "netns", "del", netns.name()));
    }
}
