package dev.podwire.kubelet;

import dev.podwire.cluster.ClusterStore;
import dev.podwire.dns.DnsServer;
import dev.podwire.dns.DnsServerOptions;
import dev.podwire.dns.LiveZone;
import dev.podwire.dns.ZoneConfig;
import dev.podwire.labfile.LabSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * Serves {@code coredns} containers with podwire's own DNS server, bound inside the pod's namespace and answering from
 * one live zone that follows the cluster. The lab daemon runs one for its in-process agents; an agent process runs its
 * own over the etcd it watches.
 */
public final class ClusterDnsImages implements SpecialImages, AutoCloseable {
    private final LiveZone zone;
    private final DnsServerOptions options;

    private ClusterDnsImages(LiveZone zone, DnsServerOptions options) {
        this.zone = zone;
        this.options = options;
    }

    /** {@return the images hook for a lab's DNS settings, its zone started over {@code cluster}} */
    public static ClusterDnsImages start(LabSpec lab, ClusterStore cluster) {
        LiveZone zone = LiveZone.start(cluster, new ZoneConfig(lab.dns().clusterDomain(),
                Duration.ofSeconds(lab.dns().ttl())));
        DnsServerOptions options = DnsServerOptions.defaults()
                .withUpstreams(lab.dns().upstream().stream().map(ip -> new InetSocketAddress(ip.toString(), 53))
                        .toList())
                .withMetricsPort(DnsServerOptions.COREDNS_METRICS_PORT);
        return new ClusterDnsImages(zone, options);
    }

    @Override
    public Optional<AutoCloseable> start(dev.podwire.net.Netns podNetns, io.fabric8.kubernetes.api.model.Pod pod,
            io.fabric8.kubernetes.api.model.Container container) {
        if (container.getImage() == null || !container.getImage().contains("coredns")) {
            return Optional.empty();
        }
        try {
            return Optional.of(DnsServer.start(podNetns, new InetSocketAddress("0.0.0.0", 53), zone, options));
        } catch (IOException e) {
            throw new UncheckedIOException("start cluster DNS in pod " + pod.getMetadata().getName(), e);
        }
    }

    @Override
    public void close() {
        zone.close();
    }
}
