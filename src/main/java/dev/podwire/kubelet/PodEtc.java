package dev.podwire.kubelet;

import dev.podwire.cni.PodWiring;
import dev.podwire.net.Netns;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A pod's {@code /etc/netns/<pod>/} files (kubelet's resolv.conf and hosts), which {@code ip netns exec} mounts. */
final class PodEtc {
    private static final System.Logger LOG = System.getLogger(PodEtc.class.getName());

    private PodEtc() {}

    /** Writes the pod's files (again: they are derived from the pod, so rewriting an adopted pod's is harmless). */
    static void write(Pod p, PodWiring w, dev.podwire.labfile.DnsOptions dns) {
        Path etc = Path.of("/etc/netns", w.pod().name());
        try {
            Files.createDirectories(etc);
            Files.writeString(etc.resolve("resolv.conf"), PodFiles.resolvConf(p, dns.clusterDomain(),
                    dns.clusterIp().toString(), nodeResolvConf()));
            Files.writeString(etc.resolve("hosts"), PodFiles.hosts(p, w.ip().toString(), dns.clusterDomain()));
        } catch (IOException e) {
            throw new UncheckedIOException("write /etc/netns files of pod " + p.getMetadata().getNamespace() + "/"
                    + p.getMetadata().getName(), e);
        }
    }

    /** Removes the pod's files and directory. */
    static void delete(Netns pod) {
        Path etc = Path.of("/etc/netns", pod.name());
        try {
            for (String f : List.of("resolv.conf", "hosts")) {
                Files.deleteIfExists(etc.resolve(f));
            }
            Files.deleteIfExists(etc);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "remove " + etc + ": " + e.getMessage());
        }
    }

    /** {@return the node's resolver configuration: lab nodes resolve as the machine they run on does} */
    private static String nodeResolvConf() {
        try {
            return Files.readString(Path.of("/etc/resolv.conf"));
        } catch (IOException e) {
            return "";
        }
    }
}
