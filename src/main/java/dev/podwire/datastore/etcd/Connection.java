package dev.podwire.datastore.etcd;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.Lease;
import io.etcd.jetcd.Watch;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The jetcd client behind an {@link EtcdDatastore}, replaced when gRPC would wait too long to reconnect.
 *
 * <p>gRPC backs off exponentially (up to 2 minutes) between attempts to reconnect a broken channel, and jetcd offers no
 * way to shorten that or to reset it. After a 30 s etcd outage the next attempt may come 15 s after etcd is back, and
 * every call until then fails at once. So when a call fails as "unavailable" while a plain TCP connect to an endpoint
 * succeeds (etcd is back, our channel is still backing off), this builds a fresh client, moves the watches to it
 * and closes the old one; at most once every {@link #MIN_INTERVAL}.
 */
final class Connection {
    static final Duration MIN_INTERVAL = Duration.ofSeconds(2);
    private final EtcdEndpoints endpoints;
    private final Duration timeout;
    private final Object lock = new Object();
    private volatile Client client;
    private Runnable afterReplace = () -> {};
    private long replacedAt = System.nanoTime() - MIN_INTERVAL.toNanos();
    private boolean closed;

    Connection(EtcdEndpoints endpoints, Duration timeout) {
        this.endpoints = endpoints;
        this.timeout = timeout;
        this.client = build();
    }

    /** Sets what runs after the client was replaced (the store re-opens its watches on the new one). */
    void afterReplace(Runnable action) {
        this.afterReplace = action;
    }

    KV kv() {
        return client.getKVClient();
    }

    Lease leases() {
        return client.getLeaseClient();
    }

    Watch watches() {
        return client.getWatchClient();
    }

    /** Replaces the client if etcd accepts connections again and the last replacement is long enough ago. */
    void replaceIfReachable() {
        Client old;
        synchronized (lock) {
            if (closed || System.nanoTime() - replacedAt < MIN_INTERVAL.toNanos()) {
                return;
            }
            replacedAt = System.nanoTime();
            if (endpoints.uris().stream().noneMatch(u -> tcpProbe(u, Duration.ofMillis(500)).isEmpty())) {
                return; // still down: nothing a new channel would do better
            }
            old = client;
            client = build();
        }
        EtcdDatastore.log().log(Level.INFO, "etcd reachable again at " + endpoints
                + "; reconnecting now instead of waiting for gRPC's backoff");
        afterReplace.run();
        // Closing after the watches moved: the old client's watchers end quietly (see EtcdWatch).
        Thread.ofPlatform().daemon().name("etcd-close-old-client").start(old::close);
    }

    void close() {
        synchronized (lock) {
            closed = true;
        }
        client.close();
    }

    private Client build() {
        return Client.builder()
                .endpoints(endpoints.uris())
                .connectTimeout(timeout)
                // Detect a dead connection (etcd paused, host gone) within seconds instead of the TCP timeout.
                .keepaliveTime(Duration.ofSeconds(10))
                .keepaliveTimeout(Duration.ofSeconds(5))
                .keepaliveWithoutCalls(true)
                // jetcd's default parks a call until the connection is back and sends it then, even after we gave up
                // waiting: a put "failed" during an outage would land minutes later over newer data. Fail fast
                // instead, and let jetcd's own retries end before our bound does.
                .waitForReady(false)
                .retryDelay(100)
                .retryMaxDelay(1000)
                .retryChronoUnit(ChronoUnit.MILLIS)
                .retryMaxDuration(timeout.multipliedBy(3).dividedBy(4))
                .maxInboundMessageSize(64 * 1024 * 1024)
                .build();
    }

    /** {@return empty when a TCP connection to {@code uri} opens, else why not (e.g. "connection refused")} */
    static Optional<String> tcpProbe(URI uri, Duration timeout) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()),
                    (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            return Optional.empty();
        } catch (SocketTimeoutException e) {
            return Optional.of("no answer to a TCP connect within " + timeout.toMillis() + " ms");
        } catch (UnknownHostException e) {
            return Optional.of("unknown host " + uri.getHost());
        } catch (IOException e) {
            return Optional.of(Calls.describe(e));
        }
    }
}
