package dev.podwire.cli;

import dev.podwire.lab.LabNames;
import dev.podwire.lab.LabRecord;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code podwire labs}: the labs on this machine and whether their daemons answer. */
@Command(name = "labs", description = "List the labs on this machine.")
final class LabsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        var labs = Labs.all();
        if (labs.isEmpty()) {
            System.out.println("No labs are up.");
            return 0;
        }
        System.out.printf("%-20s   %-8s   %-8s   %s%n", "NAME", "STATUS", "PID", "FILES");
        for (String name : labs) {
            LabNames n = new LabNames(name);
            LabRecord r = LabRecord.read(n).orElseThrow();
            System.out.printf("%-20s   %-8s   %-8d   %s%n", name, Labs.alive(n) ? "Up" : "Stale", r.daemonPid(),
                    String.join(",", r.files()));
        }
        return 0;
    }
}
