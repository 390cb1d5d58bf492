package dev.podwire.cli;

import dev.podwire.rpc.RpcClient;
import dev.podwire.rpc.Message;
import dev.podwire.rpc.Request;
import dev.podwire.lab.LabNames;
import dev.podwire.lab.LabRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds labs on this machine and talks to their daemons. */
final class Labs {
    static final Path RUN = Path.of("/run/podwire");

    private Labs() {}

    /** {@return the names of every lab with a record, sorted} */
    static List<String> all() {
        if (!Files.isDirectory(RUN)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(RUN)) {
            return dirs.filter(d -> Files.exists(d.resolve("lab.json"))).map(d -> d.getFileName().toString())
                    .sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** {@return the lab a command means: the one named, or the only one up} */
    static LabNames select(Optional<String> named) {
        if (named.isPresent()) {
            LabNames n = new LabNames(named.get());
            if (LabRecord.read(n).isEmpty()) {
                throw new UsageException("no lab named " + named.get() + " is up"
                        + (all().isEmpty() ? "" : " (labs: " + String.join(", ", all()) + ")"));
            }
            return n;
        }
        List<String> labs = all();
        return switch (labs.size()) {
            case 0 -> throw new UsageException("no lab is up; start one with: podwire up examples/seed-000-hostgw.yaml");
            case 1 -> new LabNames(labs.getFirst());
            default -> throw new UsageException("several labs are up (" + String.join(", ", labs)
                    + "); pick one with --lab NAME");
        };
    }

    /** {@return whether the lab's daemon answers} */
    static boolean alive(LabNames lab) {
        try {
            return RpcClient.call(RpcClient.socket(lab.stateDir()), Request.of("ping"), m -> { }) == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Sends a request to a lab's daemon, printing its answer; {@return the exit code} */
    static int call(LabNames lab, Request request) {
        try {
            return RpcClient.call(RpcClient.socket(lab.stateDir()), request, Labs::print);
        } catch (IOException e) {
            throw new dev.podwire.rpc.RequestException(1, "lab " + lab.lab() + " has no running daemon ("
                    + e.getMessage() + "); its namespaces may still exist: podwire down " + lab.lab());
        }
    }

    static void print(Message m) {
        if (m.type().equals("err")) {
            System.err.println(m.text());
        } else {
            System.out.println(m.text());
        }
    }
}
