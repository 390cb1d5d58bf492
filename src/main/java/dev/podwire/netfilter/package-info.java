/**
 * iptables as data, shared by every feature that touches it (kube-proxy's rules, flanneld's, the lab load balancer's,
 * later a NetworkPolicy engine's): one writer, one parser, one model, one way into the built-in chains.
 *
 * <ul>
 *   <li>{@link dev.podwire.netfilter.RestorePayload} writes every {@code iptables-restore} payload: sections of chain
 *       lines, {@code -A} rules, {@code -X} deletions and {@code COMMIT}, always in that order.</li>
 *   <li>{@link dev.podwire.netfilter.RuleParser} splits lines into words as {@code iptables-restore} does and parses
 *       rules into {@link dev.podwire.netfilter.RuleMatch}es and a {@link dev.podwire.netfilter.RuleTarget};
 *       {@link dev.podwire.netfilter.Ruleset} is the immutable model of tables, chains and rules that payloads and
 *       {@code iptables-save} dumps parse into, and that a payload, {@code -I}, {@code -A} or {@code -D} change all or
 *       nothing.</li>
 *   <li>{@link dev.podwire.netfilter.Jumps#ensure} is the only code that adds rules to built-in chains: {@code -C},
 *       then {@code -I}/{@code -A} where the one declared order, {@link dev.podwire.netfilter.JumpOrder}, puts
 *       each owner's {@link dev.podwire.netfilter.Jump}.</li>
 *   <li>{@link dev.podwire.netfilter.PacketTracer} walks a packet through a ruleset, like kube-proxy's {@code
 *       tracePacket}.</li>
 * </ul>
 *
 * <p>Design notes. Built-in chains ({@code PREROUTING}, {@code INPUT}, {@code FORWARD}, {@code OUTPUT}, {@code
 * POSTROUTING}) are shared with the kernel's other users, so no payload ever declares one (a chain line would flush
 * it); our own chains are replaced whole by one {@code iptables-restore --noflush}, which is atomic per table. The
 * model is pure: it is what the stateful test executor keeps per namespace, so tests apply payloads, ensure jumps and
 * trace packets through what a real kernel would hold. Everything here depends on {@code net} and {@code host} only.
 */
package dev.podwire.netfilter;
