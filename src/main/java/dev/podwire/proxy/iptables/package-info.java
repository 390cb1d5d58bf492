/**
 * kube-proxy's iptables mode as pure functions: {@link dev.podwire.proxy.iptables.ProxyPlanner} turns a {@link
 * dev.podwire.proxy.ProxySnapshot} into a {@link dev.podwire.proxy.iptables.ProxyPlan} (chains and rules in
 * kube-proxy's order, names from {@link dev.podwire.proxy.iptables.ChainNames}, jumps from {@link
 * dev.podwire.proxy.iptables.KubeProxyJumps}) and {@link dev.podwire.proxy.iptables.IptablesRenderer} writes the
 * {@code iptables-restore --noflush} payload (full, or partial against the previous plan) through {@link
 * dev.podwire.netfilter.RestorePayload}. Parsing dumps back and tracing packets through them is {@code
 * dev.podwire.netfilter}'s.
 *
 * <p>Design notes.
 * <ul>
 *   <li>Rule text is kube-proxy's byte for byte (token order {@code -m comment} first, {@code -m tcp -p tcp}, then
 *       {@code -d}/{@code --dport}; Go's {@code %0.10f} probabilities; {@code 0x00004000} marks). The proof is
 *       {@code KubeProxyFixtureTest}, which feeds kube-proxy's TestOverallIPTablesRules input and compares with its
 *       fixture under kube-proxy's own sort. Host differences (random-fully, nfacct, mark format) are {@link
 *       dev.podwire.proxy.iptables.IptablesFeatures}.</li>
 *   <li>Rules are grouped by chain rather than interleaved as kube-proxy writes them; iptables-restore applies the
 *       same result. Services are sorted by name, so output is deterministic where kube-proxy's follows Go map order.</li>
 *   <li>Partial sync: every top-level chain of both tables is rewritten each time (they mention every service);
 *       per-service chains (SVC/SVL/EXT/FW/SEP) only for services whose planned chains differ from the previous plan;
 *       chains that vanished are flushed and {@code -X}'ed. kube-proxy decides "changed" from its change trackers; we
 *       compare plans, which also catches setting changes. After a failed restore the caller must render in full.</li>
 *   <li>Built-in chains are never written by a payload: the plan's jumps are checked ({@code -C}) and inserted at
 *       the top ({@code -I}) one by one by {@link dev.podwire.netfilter.Jumps#ensure}, like kube-proxy on full
 *       syncs.</li>
 * </ul>
 */
package dev.podwire.proxy.iptables;
