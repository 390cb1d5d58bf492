package dev.podwire.host;

import dev.podwire.net.Netns;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One command line, run in a network namespace ({@link Netns#HOST} for the root namespace), with optional stdin.
 *
 * @param netns where to run it
 * @param argv program and arguments
 * @param stdin text fed to standard input; empty for none
 */
public record Command(Netns netns, List<String> argv, String stdin) {

    /** Validates and copies. */
    public Command {
        Objects.requireNonNull(netns, "netns");
        Objects.requireNonNull(stdin, "stdin");
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv: [] (expected: program and arguments)");
        }
    }

    /** {@return a command with no stdin} */
    public static Command of(Netns netns, String... argv) {
        return new Command(netns, List.of(argv), "");
    }

    /**
     * {@return {@code iptables-restore --noflush -w 5} fed {@code payload}}: waits at most 5 s for the xtables lock,
     * as kube-proxy does, instead of forever behind some other tool holding it.
     */
    public static Command iptablesRestore(Netns netns, String payload) {
        return new Command(netns, List.of("iptables-restore", "--noflush", "-w", "5"), payload);
    }

    /** {@return {@code nft -f -} fed {@code script}} */
    public static Command nftScript(Netns netns, String script) {
        return new Command(netns, List.of("nft", "-f", "-"), script);
    }

    /** {@return {@code ip -batch -} fed {@code lines}, run in {@code netns}} */
    public static Command ipBatch(Netns netns, String lines) {
        return new Command(netns, List.of("ip", "-batch", "-"), lines);
    }

    /**
     * {@return the argv the process really runs}: {@code ip} commands take {@code -n <ns>} (no extra process),
     * anything else is wrapped in {@code ip netns exec <ns>}.
     */
    public List<String> processArgv() {
        if (netns.isHost()) {
            return argv;
        }
        List<String> out = new ArrayList<>();
        if (argv.getFirst().equals("ip") && !argv.contains("netns")) {
            out.add("ip");
            out.add("-n");
            out.add(netns.name());
            out.addAll(argv.subList(1, argv.size()));
        } else {
            out.addAll(List.of("ip", "netns", "exec", netns.name()));
            out.addAll(argv);
        }
        return List.copyOf(out);
    }

    /** {@return a short human form, for messages} */
    public String display() {
        return (netns.isHost() ? "" : "[netns " + netns.name() + "] ") + String.join(" ", argv);
    }
}
