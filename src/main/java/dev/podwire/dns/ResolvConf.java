package dev.podwire.dns;

import dev.podwire.net.Netns;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where names outside the cluster go when the lab names no {@code upstream}: the nameservers of the node's
 * {@code /etc/resolv.conf}, as CoreDNS's default Corefile ({@code forward . /etc/resolv.conf}) in a coredns pod whose
 * {@code dnsPolicy: Default} gave it the node's file.
 *
 * <p>The node's file is what a program in the node's namespace reads through {@code ip netns exec}:
 * {@code /etc/netns/<node namespace>/resolv.conf} when it exists, else the host's {@code /etc/resolv.conf} (lab nodes
 * resolve as the machine they run on). Like kubeadm, which points kubelet at
 * {@code /run/systemd/resolve/resolv.conf} when systemd-resolved serves the host, a file that lists only resolved's
 * stub {@code 127.0.0.53} is replaced by resolved's list of real servers. Loopback nameservers left after that are
 * skipped: inside the DNS pod they would be the pod itself, a forwarding loop (CoreDNS's {@code loop} plugin stops
 * the server then).
 */
public final class ResolvConf {
    private static final System.Logger LOG = System.getLogger(ResolvConf.class.getName());
    private static final Path ETC = Path.of("/etc");
    private static final Path SYSTEMD_RESOLVED = Path.of("/run/systemd/resolve/resolv.conf");
    private static final InetAddress RESOLVED_STUB = InetAddress.ofLiteral("127.0.0.53");
    private static final int DNS_PORT = 53;

    private ResolvConf() {
    }

    /** {@return the upstreams for a DNS server on {@code node}: its resolv.conf's usable nameservers, port 53} */
    public static List<InetSocketAddress> upstreams(Netns node) {
        return upstreams(node, ETC, SYSTEMD_RESOLVED);
    }

    /** {@return {@link #upstreams(Netns)} with {@code /etc} and resolved's file at other places (tests)} */
    static List<InetSocketAddress> upstreams(Netns node, Path etc, Path systemdResolved) {
        Path file = etc.resolve("resolv.conf");
        if (!node.isHost() && Files.isRegularFile(etc.resolve("netns").resolve(node.name()).resolve("resolv.conf"))) {
            file = etc.resolve("netns").resolve(node.name()).resolve("resolv.conf");
        }
        List<InetAddress> servers = nameservers(read(file));
        if (servers.equals(List.of(RESOLVED_STUB)) && Files.isRegularFile(systemdResolved)) {
            file = systemdResolved;
            servers = nameservers(read(file));
        }
        List<InetSocketAddress> out = new ArrayList<>();
        for (InetAddress server : servers) {
            if (server.isLoopbackAddress()) {
                LOG.log(System.Logger.Level.WARNING, "dns upstream skipped nameserver=" + server.getHostAddress()
                        + " file=" + file + " reason=loopback (inside the DNS pod it would be the server itself)");
                continue;
            }
            out.add(new InetSocketAddress(server, DNS_PORT));
        }
        return List.copyOf(out);
    }

    /**
     * {@return the addresses of the {@code nameserver} lines of resolv.conf text, in order} (resolv.conf(5): a
     * keyword and an address per line, {@code #} or {@code ;} starting a comment); other lines and values that are
     * not IP addresses are ignored, as the resolver does.
     */
    static List<InetAddress> nameservers(String text) {
        List<InetAddress> out = new ArrayList<>();
        for (String line : text.lines().map(String::strip).toList()) {
            String[] fields = line.split("\\s+");
            if (fields.length >= 2 && fields[0].equals("nameserver")) {
                literal(fields[1]).ifPresent(out::add);
            }
        }
        return List.copyOf(out);
    }

    private static Optional<InetAddress> literal(String text) {
        try {
            return Optional.of(InetAddress.ofLiteral(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    // A missing or unreadable file has no nameservers, as for the resolver (which then falls back to 127.0.0.1,
    // skipped here for the same reason as any loopback nameserver).
    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
