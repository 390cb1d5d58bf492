package dev.podwire.host;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a user's command inside a namespace with the terminal attached ({@code podwire exec}), and starts lab daemons.
 * The two places besides {@link ProcessExecutor} that start processes; both live here so that only this package does.
 */
public final class InteractiveExec {
    private InteractiveExec() {}

    /**
     * {@return the command's exit code}
     *
     * @param command what to run; its namespace is entered with {@code ip netns exec}, which also bind-mounts
     *     {@code /etc/netns/<ns>/*} over {@code /etc} (the pod's resolv.conf)
     * @param binds extra bind mounts (source directory on the host to target path) made in the command's private
     *     mount namespace, so that a node sees its own {@code /run/flannel}
     */
    public static int run(Command command, Map<String, String> binds) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", command.netns().name()));
        if (!binds.isEmpty()) {
            // ip netns exec already runs in a private mount namespace (mounts made there do not reach the host).
            StringBuilder script = new StringBuilder();
            binds.forEach((src, dst) -> script.append("mkdir -p '").append(dst).append("' && mount --bind '")
                    .append(src).append("' '").append(dst).append("' && "));
            script.append("exec \"$@\"");
            argv.addAll(List.of("sh", "-c", script.toString(), "podwire-exec"));
        }
        argv.addAll(command.argv());
        Process p = new ProcessBuilder(argv).inheritIO().start();
        return p.waitFor();
    }

    /**
     * {@return a started background command inside its namespace} ({@code ip netns exec}, which execs the program, so
     * the process's PID is the program's), with the caller's stdout and stderr and no stdin. The caller ends it.
     */
    public static Process start(Command command) throws IOException {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", command.netns().name()));
        argv.addAll(command.argv());
        return new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    }

    /**
     * {@return the started daemon}, detached from the caller's session ({@code setsid}) so that Ctrl-C on
     * {@code podwire up} does not end it, with its output appended to {@code log}.
     */
    public static ProcessHandle spawnDetached(List<String> argv, Path log) throws IOException {
        return spawnDetachedProcess(argv, log).toHandle();
    }

    /**
     * As {@link #spawnDetached}, {@return the started process} itself, whose exit status the caller can read (a
     * container runtime reports it).
     */
    public static Process spawnDetachedProcess(List<String> argv, Path log) throws IOException {
        List<String> full = new ArrayList<>(List.of("setsid"));
        full.addAll(argv);
        ProcessBuilder pb = new ProcessBuilder(full)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        return pb.start();
    }
}
