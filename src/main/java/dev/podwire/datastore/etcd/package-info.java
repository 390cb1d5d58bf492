/**
 * The distributed {@link dev.podwire.datastore.Datastore}: a real etcd v3 cluster through jetcd
 * ({@link dev.podwire.datastore.etcd.EtcdDatastore}), its endpoints ({@link dev.podwire.datastore.etcd.EtcdEndpoints}),
 * and a real etcd process for labs and tests ({@link dev.podwire.datastore.etcd.EtcdProcess}).
 *
 * <p>Design notes. Nothing is translated: keys are the store's keys and values its JSON, as UTF-8, so etcd holds
 * exactly what flannel and the apiserver would ({@code etcdctl get --prefix /coreos.com/network/}). A TTL is an etcd
 * lease per write, like flannel's; a renewal is a new put with a new lease and the replaced lease is revoked.
 * etcd's watch events do not say whether a delete was explicit or a lease expiry, so a deleted key whose lease no
 * longer exists is reported as expired. Watches own their resumption (from the last received revision, deduplicated)
 * instead of trusting jetcd's, and turn etcd's "compacted" answer into
 * {@link dev.podwire.datastore.WatchEvent.Compacted}. Every call is bounded by the request timeout and fails with
 * {@link dev.podwire.datastore.DatastoreUnavailableException}; callers retry.
 */
package dev.podwire.datastore.etcd;
