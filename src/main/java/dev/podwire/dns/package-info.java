/**
 * Cluster DNS: a Kubernetes DNS-spec (schema 1.1.0) server that answers like CoreDNS's {@code kubernetes} plugin,
 * reached through the kube-dns Service from the coredns pods' namespaces.
 *
 * <p>Pipeline. {@link dev.podwire.dns.ZoneBuilder} (pure) turns Services, EndpointSlices, Pods and Namespaces into
 * an immutable {@link dev.podwire.dns.ClusterZone}; {@link dev.podwire.dns.Resolver} (pure) maps one question to a
 * sealed {@link dev.podwire.dns.LookupOutcome}; {@link dev.podwire.dns.DnsServer} does the wire work (dnsjava
 * messages, UDP and TCP, EDNS0, truncation, forwarding, metrics) against whatever zone its
 * {@link dev.podwire.dns.ZoneSource} returns at that moment; {@link dev.podwire.dns.LiveZone} is the source that
 * follows a datastore.
 *
 * <p>Design notes.
 * <ul>
 * <li>Whole-zone snapshots: every change rebuilds the zone and swaps one reference, so an A and an AAAA query (or
 *     two replicas built from the same objects) never disagree about whether a name exists; musl stops its search
 *     on a mixed NXDOMAIN/NODATA pair.</li>
 * <li>NXDOMAIN only when a name owns nothing; structural names ({@code svc}, {@code pod}, {@code <ns>.svc} of an
 *     existing namespace, the apex) are NODATA. Like CoreDNS, empty non-terminals under a service
 *     ({@code _tcp.<svc>...}) are NXDOMAIN, because CoreDNS parses them as endpoint names.</li>
 * <li>ANY is answered like every type CoreDNS has no branch for: NODATA when the name exists (its "fake A lookup").
 *     </li>
 * <li>Pod names {@code a-b-c-d.<ns>.pod.<zone>} are synthesized at query time ({@code pods insecure}), never
 *     stored, so the zone does not grow with pods.</li>
 * <li>Sockets are created inside the namespace (by {@link dev.podwire.host.NetnsThreads}); the threads that use
 *     them are started afterwards outside it, so the JVM's thread pools never inherit a pod namespace. Upstream
 *     sockets are created there too, for the same reason: the UDP pool up front, and a fresh TCP socket per TCP
 *     exchange made by a platform thread of its own (a query's virtual thread never waits on a thread that entered
 *     a namespace). Queries are forwarded over the transport they came in on, as CoreDNS's {@code forward} does.</li>
 * </ul>
 */
package dev.podwire.dns;
