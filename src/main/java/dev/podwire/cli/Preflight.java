package dev.podwire.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Checks the machine before a lab is built: root, and the kernel tools podwire drives. */
final class Preflight {
    private static final List<String> TOOLS = List.of("ip", "iptables-restore", "iptables-save", "sysctl", "setsid");

    private Preflight() {}

    static void requireRoot() {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new dev.podwire.rpc.RequestException(1,
                    "podwire needs root: it creates network namespaces (run it with sudo)");
        }
    }

    static void requireTools() {
        require(TOOLS, "iproute2 iptables procps util-linux");
    }

    /** The lab's own etcd, its health probe, and nsenter for the agent processes. */
    static void requireEtcdTools(boolean ownEtcd) {
        require(ownEtcd ? List.of("etcd", "etcdctl", "nsenter") : List.of("nsenter"),
                "etcd-server etcd-client util-linux");
    }

    private static void require(List<String> tools, String packages) {
        for (String tool : tools) {
            boolean found = List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin").stream()
                    .anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
            if (!found) {
                throw new dev.podwire.rpc.RequestException(1, tool + " is not installed; run ./install.sh "
                        + "(or: apt-get install " + packages + ")");
            }
        }
    }
}
