package dev.podwire.dns;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * How a {@link DnsServer} runs, like the rest of CoreDNS's default Corefile around the {@code kubernetes} plugin.
 * The lab file's {@code spec.dns} ({@code labfile.DnsOptions}: domain, kube-dns address, upstream addresses, TTL) is
 * the declared setting; these are the server's run-time options (sockets, timeout, metrics port, a random source)
 * that the cluster DNS derives from it.
 *
 * @param upstreams       resolvers for names outside the cluster zone and reverse misses ({@code forward .}), tried
 *                        in order, over the transport the query came in on; empty means such names are REFUSED
 *                        (a lab without {@code upstream} passes its node's resolvers, see {@link ResolvConf})
 * @param upstreamTimeout how long to wait for each upstream before trying the next; SERVFAIL after the last
 * @param metricsPort     the TCP port of the Prometheus endpoint {@code /metrics} on the DNS bind address (CoreDNS
 *                        {@code prometheus :9153}); {@code 0} picks a free port; empty means no endpoint
 * @param random          source of upstream query ids
 */
public record DnsServerOptions(List<InetSocketAddress> upstreams, Duration upstreamTimeout,
        Optional<Integer> metricsPort, RandomGenerator random) {
    /** CoreDNS's metrics port. */
    public static final int COREDNS_METRICS_PORT = 9153;

    public DnsServerOptions {
        upstreams = List.copyOf(upstreams);
        requireNonNull(upstreamTimeout, "upstreamTimeout");
        requireNonNull(metricsPort, "metricsPort");
        requireNonNull(random, "random");
        if (upstreamTimeout.isNegative() || upstreamTimeout.isZero()) {
            throw new IllegalArgumentException("upstreamTimeout: " + upstreamTimeout + " (expected: > 0)");
        }
        metricsPort.ifPresent(p -> {
            if (p < 0 || p > 65535) {
                throw new IllegalArgumentException("metricsPort: " + p + " (expected: 0..65535)");
            }
        });
        for (InetSocketAddress upstream : upstreams) {
            if (upstream.isUnresolved() || upstream.getPort() == 0) {
                throw new IllegalArgumentException("upstreams: " + upstream + " (expected: an IP address and port)");
            }
        }
    }

    /** {@return no upstream, a 2 s upstream timeout, no metrics endpoint, ids from a {@link SecureRandom}} */
    public static DnsServerOptions defaults() {
        return new DnsServerOptions(List.of(), Duration.ofSeconds(2), Optional.empty(), new SecureRandom());
    }

    /** {@return these options forwarding to {@code servers}} */
    public DnsServerOptions withUpstreams(List<InetSocketAddress> servers) {
        return new DnsServerOptions(servers, upstreamTimeout, metricsPort, random);
    }

    /** {@return these options with upstream timeout {@code timeout}} */
    public DnsServerOptions withUpstreamTimeout(Duration timeout) {
        return new DnsServerOptions(upstreams, timeout, metricsPort, random);
    }

    /** {@return these options serving {@code /metrics} on TCP {@code port} ({@code 0}: any free port)} */
    public DnsServerOptions withMetricsPort(int port) {
        return new DnsServerOptions(upstreams, upstreamTimeout, Optional.of(port), random);
    }
}
