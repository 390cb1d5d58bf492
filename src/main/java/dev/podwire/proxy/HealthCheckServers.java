package dev.podwire.proxy;

import com.sun.net.httpserver.HttpServer;
import dev.podwire.host.NetnsThreads;
import dev.podwire.net.Netns;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * kube-proxy's service health checks on one node: for every LoadBalancer Service with
 * {@code externalTrafficPolicy: Local}, an HTTP server on its {@code healthCheckNodePort}, inside the node's namespace,
 * answering as kube-proxy does: {@code 200} with {@code {"service":{"namespace":..,"name":..},"localEndpoints":N,
 * "serviceProxyHealthy":true}} when the node runs N > 0 ready endpoints, {@code 503} otherwise — what a cloud load
 * balancer probes to decide which nodes get traffic.
 */
final class HealthCheckServers implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(HealthCheckServers.class.getName());
    private final Netns netns;
    private final String node;
    private final Map<Integer, HttpServer> servers = new TreeMap<>();
    private final Map<Integer, Health> health = new ConcurrentHashMap<>();

    /** What one port reports. */
    private record Health(String namespace, String name, int localEndpoints) {}

    HealthCheckServers(Netns netns, String node) {
        this.netns = netns;
        this.node = node;
    }

    /** Opens, updates and closes servers to match the snapshot. */
    void sync(ProxySnapshot snapshot) {
        Map<Integer, Health> wanted = new TreeMap<>();
        for (ServiceInfo s : snapshot.services()) {
            if (s.healthCheckNodePort().isEmpty()) {
                continue;
            }
            int local = (int) snapshot.endpointsOf(s.name()).stream()
                    .filter(e -> e.ready() && e.isLocalTo(node)).map(EndpointInfo::ip).distinct().count();
            // A service with several ports shares one health port; its local endpoint count is the same for all.
            wanted.merge(s.healthCheckNodePort().getAsInt(), new Health(s.name().namespace(), s.name().name(), local),
                    (a, b) -> a.localEndpoints() >= b.localEndpoints() ? a : b);
        }
        health.putAll(wanted);
        health.keySet().retainAll(wanted.keySet());
        for (Integer port : wanted.keySet()) {
            if (!servers.containsKey(port)) {
                try {
                    servers.put(port, open(port));
                } catch (RuntimeException e) {
                    // Retried on the next sync; the service rules do not wait for their health check.
                    LOG.log(System.Logger.Level.WARNING, "health check port unavailable node=" + node
                            + " port=" + port + ": " + e.getMessage());
                }
            }
        }
        for (Integer port : new java.util.ArrayList<>(servers.keySet())) {
            if (!wanted.containsKey(port)) {
                servers.remove(port).stop(0);
            }
        }
    }

    private HttpServer open(int port) {
        try {
            // The listening socket is created inside the node's namespace; the server's threads start outside it.
            HttpServer server = NetnsThreads.call(netns, () -> HttpServer.create(new InetSocketAddress(port), 16));
            server.createContext("/", exchange -> {
                Health h = health.get(port);
                int local = h == null ? 0 : h.localEndpoints();
                String body = h == null ? "" : "{\"service\":{\"namespace\":\"" + h.namespace() + "\",\"name\":\""
                        + h.name() + "\"},\"localEndpoints\":" + local + ",\"serviceProxyHealthy\":true}";
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
                exchange.getResponseHeaders().set("X-Load-Balancing-Endpoint-Weight", Integer.toString(local));
                exchange.sendResponseHeaders(local > 0 ? 200 : 503, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            });
            server.start();
            LOG.log(System.Logger.Level.INFO, "health check server node=" + node + " port=" + port);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("open health check port " + port + " in netns " + netns, e);
        }
    }

    @Override
    public void close() {
        servers.values().forEach(s -> s.stop(0));
        servers.clear();
    }
}
