package dev.podwire.e2e;

import static dev.podwire.e2e.Podwire.namespaces;
import static dev.podwire.e2e.Podwire.sh;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What a trace may leave behind in a lab's namespaces: its nft table, monitors and captures. */
final class TraceLeftovers {
    private TraceLeftovers() {}

    /** {@return every trace table and trace process in the lab's namespaces, empty when clean} */
    static List<String> in(String lab) {
        List<String> out = new ArrayList<>();
        for (String ns : namespaces(lab + "-")) {
            if (sh("ip", "netns", "exec", ns, "nft", "list", "tables").out().contains("podwire-trace")) {
                out.add("table in " + ns);
            }
            for (String pid : sh("ip", "netns", "pids", ns).out().lines().toList()) {
                String comm = sh("cat", "/proc/" + pid.strip() + "/comm").out().strip();
                if (comm.equals("xtables-monitor") || comm.equals("tcpdump") || comm.equals("timeout")) {
                    out.add(comm + " " + pid + " in " + ns);
                }
            }
        }
        return out;
    }

    /**
     * Fails unless the lab is clean within 10 s: the daemon finishes a trace even when the CLI is gone, so an
     * interrupted one gets time to clean up.
     */
    static void assertNoneWithin10s(String lab) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> left;
        do {
            left = in(lab);
            if (left.isEmpty()) {
                return;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("left behind: " + left);
    }
}
