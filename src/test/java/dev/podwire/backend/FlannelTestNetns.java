package dev.podwire.backend;

import dev.podwire.exec.Command;
import dev.podwire.exec.Executor;
import dev.podwire.exec.ProcessExecutor;
import dev.podwire.exec.Result;
import dev.podwire.net.Netns;
import java.util.concurrent.ThreadLocalRandom;

/** A throw-away namespace {@code pwtest-fl-<random>} for root-only tests; deleted on close, even after failures. */
final class FlannelTestNetns implements AutoCloseable {
    private final Executor exec = new ProcessExecutor();
    private final Netns netns;

    private FlannelTestNetns(Netns netns) {
        this.netns = netns;
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Creates the namespace with {@code lo} up. */
    static FlannelTestNetns create() {
        Netns ns = Netns.of("pwtest-fl-" + Integer.toHexString(ThreadLocalRandom.current().nextInt() & 0x7fffffff));
        FlannelTestNetns t = new FlannelTestNetns(ns);
        t.exec.run(Command.of(Netns.HOST, "ip", "netns", "add", ns.name())).orThrow();
        try {
            t.ok("ip", "link", "set", "lo", "up");
        } catch (RuntimeException e) {
            t.close();
            throw e;
        }
        return t;
    }

    Netns netns() {
        return netns;
    }

    /** {@return the result of {@code command} (run in whatever namespace it names)} */
    Result run(Command command) {
        return exec.run(command);
    }

    /** {@return stdout of {@code argv} run inside the namespace}, failing on a non-zero exit */
    String ok(String... argv) {
        return exec.run(Command.of(netns, argv)).orThrow().stdout();
    }

    @Override
    public void close() {
        exec.run(Command.of(Netns.HOST, "ip", "netns", "del", netns.name()));
    }
}
