/**
 * flanneld on one node: {@link dev.podwire.flannel.Flannel} composes the node's lease
 * ({@link dev.podwire.flannel.LeaseManager}: flannel's keys, JSON and 24 h TTL in the datastore, kube or etcd subnet
 * manager), its backend (chosen by {@link dev.podwire.flannel.Backends}) and the traffic manager's iptables rules
 * ({@link dev.podwire.flannel.FlannelRulesSyncer}), writes {@code subnet.env} for the CNI plugin, and hands the node
 * agent its {@link dev.podwire.sync.Syncer}s.
 *
 * <p>Design notes. The pure halves live in {@code subnet} (net-conf, leases, allocation, subnet.env) and
 * {@code backend} (routes, flannel's rule text); this package is the I/O around them. A lease taken anew raises
 * {@link dev.podwire.subnet.LeaseView#RENEWED}, which wakes the backend, the rules and the pods.
 */
package dev.podwire.flannel;
