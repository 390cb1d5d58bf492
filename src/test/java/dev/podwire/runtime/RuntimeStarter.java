package dev.podwire.runtime;

import dev.podwire.net.Netns;
import dev.podwire.workload.PortSpec;
import dev.podwire.net.Protocol;
import java.nio.file.Path;
import java.util.List;

/**
 * A stand-in for a node agent, run as its own JVM by {@link RuntimeProcessNetnsTest} so the test can {@code kill -9}
 * it: finds or starts the runtime, starts one built-in server, prints {@code ready <runtime pid>} and waits forever.
 * Arguments: socket path, node namespace, pod namespace.
 */
public final class RuntimeStarter {
    private RuntimeStarter() {}

    /** Runs the stand-in. */
    public static void main(String[] args) throws InterruptedException {
        RuntimeClient c = RuntimeProcess.connectOrStart(new RuntimePaths(Path.of(args[0])), Netns.of(args[1]), "n1");
        c.start(RuntimeProcessNetnsTest.web(args[2]));
        System.out.println("ready " + c.info().process().pid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    static List<PortSpec> ports() {
        return List.of(new PortSpec("http", 8080, Protocol.TCP));
    }
}
