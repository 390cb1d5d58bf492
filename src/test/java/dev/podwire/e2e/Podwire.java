package dev.podwire.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code ./podwire} launcher (and other host commands) for end-to-end tests. */
final class Podwire {
    static final Path HOME = Path.of(System.getProperty("user.dir"));

    /** A finished command. */
    record Run(int code, String out, String err) {
        Run ok() {
            if (code != 0) {
                throw new AssertionError("exit " + code + "\nstdout:\n" + out + "\nstderr:\n" + err);
            }
            return this;
        }
    }

    private Podwire() {}

    static Run podwire(String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(HOME.resolve("podwire").toString());
        argv.addAll(List.of(args));
        // -Dpodwire.it.datastore=etcd runs every scenario with a real etcd and agent processes.
        String datastore = System.getProperty("podwire.it.datastore", "");
        if (args.length > 0 && args[0].equals("up") && !datastore.isEmpty() && !argv.contains("--datastore")) {
            argv.addAll(2, List.of("--datastore", datastore));
        }
        return sh(argv);
    }

    /** {@return the run of {@code podwire VERB --lab LAB ARGS...}}: tests always name their lab, as other labs may be up. */
    static Run in(String lab, String verb, String... args) {
        List<String> argv = new ArrayList<>(List.of(verb, "--lab", lab));
        argv.addAll(List.of(args));
        return podwire(argv.toArray(String[]::new));
    }

    static Run sh(String... argv) {
        return sh(List.of(argv));
    }

    static Run sh(List<String> argv) {
        try {
            Process p = new ProcessBuilder(argv).directory(HOME.toFile()).start();
            p.getOutputStream().close();
            var out = p.getInputStream();
            var err = p.getErrorStream();
            // Read stderr on its own thread so neither pipe can fill up and stall the child.
            StringBuilder errText = new StringBuilder();
            Thread t = Thread.ofVirtual().start(() -> {
                try {
                    errText.append(new String(err.readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    errText.append(e);
                }
            });
            String outText = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + argv);
            }
            t.join();
            return new Run(p.exitValue(), outText, errText.toString());
        } catch (IOException e) {
            throw new AssertionError("cannot run " + argv, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** {@return the root namespace's links, addresses, routes and rules, to prove nothing there changed} */
    static String hostNetworkState() {
        StringBuilder s = new StringBuilder();
        for (List<String> cmd : List.of(List.of("ip", "-o", "link", "show"), List.of("ip", "-o", "addr", "show"),
                List.of("ip", "route", "show", "table", "all"), List.of("ip", "-6", "route", "show", "table", "all"),
                List.of("ip", "rule", "show"), List.of("ip", "neigh", "show", "permanent"))) {
            s.append("$ ").append(String.join(" ", cmd)).append('\n').append(sh(cmd).out);
        }
        return s.toString();
    }

    /** {@return the namespaces whose names start with {@code prefix}} */
    static List<String> namespaces(String prefix) {
        return sh("ip", "netns", "list").out.lines().map(l -> l.split("\\s+")[0]).filter(n -> n.startsWith(prefix))
                .toList();
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
