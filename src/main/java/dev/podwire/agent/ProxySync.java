package dev.podwire.agent;

import dev.podwire.cluster.ResourceType;
import dev.podwire.host.Command;
import dev.podwire.host.Result;
import dev.podwire.labfile.KubeProxyConfigs;
import dev.podwire.labfile.KubeProxyOptions;
import dev.podwire.labfile.ProxyMode;
import dev.podwire.labfile.ProxySyncOptions;
import dev.podwire.proxy.EndpointInfo;
import dev.podwire.net.Protocol;
import dev.podwire.proxy.ProxyOptions;
import dev.podwire.proxy.ProxySnapshot;
import dev.podwire.proxy.ProxySnapshots;
import dev.podwire.proxy.ServiceInfo;
import dev.podwire.netfilter.Jumps;
import dev.podwire.netfilter.Ruleset;
import dev.podwire.proxy.iptables.IptablesRenderer;
import dev.podwire.proxy.iptables.ProxyPlan;
import dev.podwire.proxy.iptables.ProxyPlanner;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * kube-proxy's iptables mode on one node. Each sync plans the whole ruleset from the Services and EndpointSlices in the
 * store and applies it with one {@code iptables-restore --noflush}: a full payload on the first sync, every
 * {@code syncPeriod} and after any failure (stale service chains deleted, jump rules in built-in chains checked and
 * inserted); otherwise a partial payload rewriting only the services whose chains changed, no more often than
 * {@code minSyncPeriod}. UDP conntrack entries pointing at endpoints that went away are deleted, so datagram clients do
 * not keep talking to a dead pod.
 */
final class ProxySync {
    private static final System.Logger LOG = System.getLogger(ProxySync.class.getName());
    private final NodeContext ctx;
    private KubeProxyOptions config;
    private ProxySyncOptions options;
    private Optional<ProxyPlan> applied = Optional.empty();
    private Optional<ProxySnapshot> appliedSnapshot = Optional.empty();
    private Instant lastFull = Instant.EPOCH;
    private Instant lastSync = Instant.EPOCH;
    /** The version of the ConfigMap last ignored (and logged), so that it is logged once. */
    private Optional<String> ignored = Optional.empty();
    private final HealthCheckServers health;

    ProxySync(NodeContext ctx) {
        this.ctx = ctx;
        this.config = ctx.lab().kubeProxy();
        this.options = config.active();
        this.health = new HealthCheckServers(ctx);
    }

    /** Closes the health check servers. */
    void close() {
        health.close();
    }

    /**
     * Syncs when due; {@return how long until a deferred partial sync may run, or empty when nothing waits}
     *
     * @param full force a full sync (after a failure)
     */
    Optional<Duration> sync(boolean full) {
        Instant now = ctx.clock().instant();
        // kube-proxy exits when its configuration changes and comes back with the new one: here, a full resync.
        boolean reconfigured = reload();
        full = full || reconfigured;
        ProxySnapshot snapshot = snapshot();
        health.sync(snapshot);
        ProxyPlan plan = ProxyPlanner.plan(snapshot);
        boolean periodic = !now.isBefore(lastFull.plus(options.syncPeriod()));
        boolean doFull = full || periodic || applied.isEmpty();
        if (!doFull) {
            if (plan.equals(applied.get())) {
                return Optional.empty();
            }
            Instant allowed = lastSync.plus(options.minSyncPeriod());
            if (now.isBefore(allowed)) {
                return Optional.of(Duration.between(now, allowed));
            }
        }
        long t0 = System.nanoTime();
        String payload;
        try {
            if (doFull) {
                String save = run(Command.of(ctx.netns(), "iptables-save", "-t", "nat")).orThrow().stdout();
                payload = IptablesRenderer.render(plan, Ruleset.parse(save).chainNames("nat"));
            } else {
                payload = IptablesRenderer.renderPartial(plan, applied.get());
            }
            run(Command.iptablesRestore(ctx.netns(), payload)).orThrow();
            if (doFull) {
                ensureJumps(plan);
            }
        } catch (RuntimeException e) {
            // The kernel may hold neither plan now: the next sync must be a full one.
            applied = Optional.empty();
            throw new IllegalStateException("apply proxy rules in netns " + ctx.netns() + ": " + e.getMessage(), e);
        }
        int flushed = appliedSnapshot.map(prev -> clearStaleUdp(prev, snapshot)).orElse(0);
        applied = Optional.of(plan);
        appliedSnapshot = Optional.of(snapshot);
        lastSync = now;
        if (doFull) {
            lastFull = now;
        }
        LOG.log(System.Logger.Level.INFO, "proxy sync node=" + ctx.node().name() + " kind=" + (doFull ? "full"
                : "partial") + " services=" + snapshot.services().size() + " endpoints="
                + snapshot.endpoints().values().stream().mapToInt(List::size).sum() + " rules=" + plan.ruleCount()
                + " payloadLines=" + payload.lines().count() + " conntrackFlushed=" + flushed + " took="
                + (System.nanoTime() - t0) / 1_000_000 + "ms");
        return Optional.empty();
    }

    /**
     * {@return whether the kube-system/kube-proxy ConfigMap now says something else than the options in use}, and
     * switches to them. A ConfigMap that is missing, cannot be read, or asks for a mode other than iptables (the mode
     * this proxy implements; apply refuses such a ConfigMap, but the store may hold one written otherwise) keeps the
     * options in use; the reason is logged once per version of the ConfigMap, not on every pass.
     */
    private boolean reload() {
        Optional<ConfigMap> cm = ctx.cluster().get(ResourceType.CONFIG_MAP, KubeProxyConfigs.NAMESPACE,
                KubeProxyConfigs.NAME);
        Optional<String> text = cm.flatMap(c -> Optional.ofNullable(c.getData())).flatMap(d -> Optional.ofNullable(
                d.get(KubeProxyConfigs.KEY)));
        if (text.isEmpty()) {
            return false;
        }
        String version = cm.flatMap(c -> Optional.ofNullable(c.getMetadata().getResourceVersion()))
                .orElse("text-" + Integer.toHexString(text.get().hashCode()));
        KubeProxyOptions stored;
        try {
            stored = KubeProxyConfigs.parse(text.get());
        } catch (IllegalArgumentException e) {
            ignore(version, e.getMessage());
            return false;
        }
        if (stored.mode() != ProxyMode.IPTABLES) {
            ignore(version, "mode: " + stored.mode().label() + " (expected: iptables, the mode this node's proxy"
                    + " runs)");
            return false;
        }
        if (stored.equals(config)) {
            return false;
        }
        config = stored;
        options = config.active();
        LOG.log(System.Logger.Level.INFO, "kube-proxy config changed node=" + ctx.node().name() + " clusterCIDR="
                + config.clusterCidr().map(Object::toString).orElse("") + " masqueradeAll=" + options.masqueradeAll()
                + " masqueradeBit=" + options.masqueradeBit() + "; full resync");
        return true;
    }

    private void ignore(String version, String reason) {
        if (!ignored.equals(Optional.of(version))) {
            ignored = Optional.of(version);
            LOG.log(System.Logger.Level.WARNING, "kube-proxy config ignored node=" + ctx.node().name()
                    + " resourceVersion=" + version + " reason=" + reason + "; keeping the options in use");
        }
    }

    private ProxySnapshot snapshot() {
        ProxyOptions opts = new ProxyOptions(config.clusterCidr(), options.masqueradeAll(),
                options.masqueradeBit());
        return ProxySnapshots.from(ctx.cluster().list(ResourceType.SERVICE),
                ctx.cluster().list(ResourceType.ENDPOINT_SLICE), ctx.node().name(), List.of(ctx.node().address()),
                opts);
    }

    private void ensureJumps(ProxyPlan plan) {
        Jumps.ensure(ctx.executor(), ctx.netns(), plan.jumps());
    }

    /** {@return how many deletions ran}: one per UDP (service address, vanished endpoint) pair, as kube-proxy does. */
    private int clearStaleUdp(ProxySnapshot before, ProxySnapshot after) {
        int n = 0;
        for (ServiceInfo svc : before.services()) {
            if (svc.name().protocol() != Protocol.UDP) {
                continue;
            }
            Set<String> still = new TreeSet<>();
            after.endpointsOf(svc.name()).stream().filter(EndpointInfo::ready).forEach(e -> still.add(e.ip() + ""));
            for (EndpointInfo gone : before.endpointsOf(svc.name())) {
                if (still.contains(gone.ip().toString())) {
                    continue;
                }
                // Exit 1 only says no entry matched; that is the common case.
                run(Command.of(ctx.netns(), "conntrack", "-D", "-p", "udp", "--orig-dst", svc.clusterIp().toString(),
                        "--dst-nat", gone.ip().toString()));
                n++;
            }
        }
        return n;
    }

    private Result run(Command c) {
        return ctx.executor().run(c);
    }
}
