package dev.podwire.ipam;

import dev.podwire.net.Cidr;
import dev.podwire.net.IfName;
import dev.podwire.net.Ipv4;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * host-local IPAM with host-local's own files: one file per address named by the address, holding
 * {@code <containerID>\r\n<ifname>}, and {@code last_reserved_ip.0}, in the node's
 * {@code /var/lib/cni/networks/cbr0/}. State lives on disk only, as with the real plugin, so it survives a daemon
 * restart and can be inspected with {@code podwire exec node/X -- ls /var/lib/cni/networks/cbr0}.
 */
public final class HostLocalIpam implements Ipam {
    private static final IfName ETH0 = IfName.of("eth0");
    private final Path dir;
    private final HostLocalRange range;

    public HostLocalIpam(Path nodeRoot, Cidr subnet) {
        HostLocalFiles layout = HostLocalFiles.of("cbr0");
        this.dir = nodeRoot.resolve(layout.directory().substring(1));
        this.range = HostLocalRange.of(subnet);
    }

    @Override
    public synchronized Ipv4 allocate(String containerId) {
        HostLocalFiles.State state = HostLocalFiles.parse(read());
        var held = state.heldBy(containerId, ETH0);
        if (!held.isEmpty()) {
            return held.getFirst();
        }
        return switch (HostLocalAllocator.allocate(range, state.reservations().keySet(), state.lastReserved())) {
            case Allocation.Assigned(var ip) -> {
                write(HostLocalFiles.reservationFileName(ip), HostLocalFiles.reservationContent(containerId, ETH0));
                write(HostLocalFiles.LAST_RESERVED_FILE, HostLocalFiles.lastReservedContent(ip));
                yield ip;
            }
            case Allocation.Exhausted(var subnet) -> throw new IllegalStateException(
                    "no IP addresses available in range set: " + range.rangeStart() + "-" + range.rangeEnd()
                            + " (every address of " + subnet + " on this node is in use)");
        };
    }

    @Override
    public synchronized void release(String containerId) {
        HostLocalFiles.State state = HostLocalFiles.parse(read());
        for (Ipv4 ip : state.heldBy(containerId, ETH0)) {
            try {
                Files.deleteIfExists(dir.resolve(HostLocalFiles.reservationFileName(ip)));
            } catch (IOException e) {
                throw new UncheckedIOException("release " + ip, e);
            }
        }
    }

    @Override
    public synchronized Map<String, java.util.List<Ipv4>> reservations() {
        Map<String, java.util.List<Ipv4>> out = new TreeMap<>();
        HostLocalFiles.parse(read()).reservations().forEach((ip, r) -> out.computeIfAbsent(r.containerId(),
                k -> new java.util.ArrayList<>()).add(ip));
        return out;
    }

    private Map<String, String> read() {
        Map<String, String> files = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.toList()) {
                if (Files.isRegularFile(p)) {
                    files.put(p.getFileName().toString(), Files.readString(p));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("read " + dir, e);
        }
        return files;
    }

    private void write(String name, String content) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException("write " + dir.resolve(name), e);
        }
    }
}
