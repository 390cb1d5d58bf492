package dev.podwire.kubelet;

import dev.podwire.cluster.ClusterStore;
import dev.podwire.dns.DnsServer;
import dev.podwire.dns.DnsServerOptions;
import dev.podwire.dns.LiveZone;
import dev.podwire.dns.ResolvConf;
import dev.podwire.dns.ZoneConfig;
import dev.podwire.lab.LabNames;
import dev.podwire.labfile.LabSpec;
import dev.podwire.net.Netns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Serves {@code coredns} containers with podwire's own DNS server, bound inside the pod's namespace and answering from
 * one live zone that follows the cluster. The lab daemon runs one for its in-process agents; an agent process runs its
 * own over the etcd it watches. Names outside the cluster go to the lab's {@code spec.dns.upstream}, or, when it names
 * none, to the resolvers of the pod's node, as CoreDNS's default Corefile forwards to {@code /etc/resolv.conf}
 * ({@link ResolvConf}; read when the container starts, as CoreDNS reads it at start-up).
 */
public final class ClusterDnsImages implements SpecialImages, AutoCloseable {
    private final LiveZone zone;
    private final DnsServerOptions options;
    private final LabNames names;
    private final boolean nodeResolvers;
    private final Function<Netns, List<InetSocketAddress>> resolversOf;

    private ClusterDnsImages(LiveZone zone, DnsServerOptions options, LabNames names, boolean nodeResolvers,
            Function<Netns, List<InetSocketAddress>> resolversOf) {
        this.zone = zone;
        this.options = options;
        this.names = names;
        this.nodeResolvers = nodeResolvers;
        this.resolversOf = resolversOf;
    }

    /** {@return the images hook for a lab's DNS settings, its zone started over {@code cluster}} */
    public static ClusterDnsImages start(LabSpec lab, ClusterStore cluster) {
        return start(lab, cluster, ResolvConf::upstreams);
    }

    /** As {@link #start(LabSpec, ClusterStore)}, with the resolvers of a node's resolv.conf from {@code resolversOf}. */
    static ClusterDnsImages start(LabSpec lab, ClusterStore cluster,
            Function<Netns, List<InetSocketAddress>> resolversOf) {
        LiveZone zone = LiveZone.start(cluster, new ZoneConfig(lab.dns().clusterDomain(),
                Duration.ofSeconds(lab.dns().ttl())));
        DnsServerOptions options = DnsServerOptions.defaults()
                .withUpstreams(lab.dns().upstream().stream().map(ip -> new InetSocketAddress(ip.toString(), 53))
                        .toList())
                .withMetricsPort(DnsServerOptions.COREDNS_METRICS_PORT);
        return new ClusterDnsImages(zone, options, new LabNames(lab.name()), lab.dns().upstream().isEmpty(),
                resolversOf);
    }

    @Override
    public Optional<AutoCloseable> start(Netns podNetns, io.fabric8.kubernetes.api.model.Pod pod,
            io.fabric8.kubernetes.api.model.Container container) {
        if (container.getImage() == null || !container.getImage().contains("coredns")) {
            return Optional.empty();
        }
        DnsServerOptions forPod = options;
        if (nodeResolvers) {
            // A pod not (yet) bound to a node resolves as the host does.
            String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
            forPod = options.withUpstreams(resolversOf.apply(node == null ? Netns.HOST : names.machine(node)));
        }
        try {
            return Optional.of(DnsServer.start(podNetns, new InetSocketAddress("0.0.0.0", 53), zone, forPod));
        } catch (IOException e) {
            throw new UncheckedIOException("start cluster DNS in pod " + pod.getMetadata().getName(), e);
        }
    }

    @Override
    public void close() {
        zone.close();
    }
}
