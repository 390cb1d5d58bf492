/**
 * The cluster's source of truth: a watchable key/value {@link dev.podwire.datastore.Datastore} with etcd v3
 * semantics, the embedded {@link dev.podwire.datastore.InMemoryDatastore}, and the shared key layout
 * {@link dev.podwire.datastore.Keys}.
 *
 * <p>Design notes. Values are opaque strings (JSON); typed access lives in {@code dev.podwire.cluster}. Every write
 * bumps one global revision, like etcd, so a watcher can resume from "the revision I last saw" and a writer can do
 * optimistic concurrency with {@link dev.podwire.datastore.Datastore#compareAndPut} (Kubernetes' resourceVersion
 * is the key's mod revision). Expected outcomes are values: a lost compare-and-put is a
 * {@link dev.podwire.datastore.CasResult.Conflict}, a watch that asked for compacted history gets a
 * {@link dev.podwire.datastore.WatchEvent.Compacted} first and should re-list. Listeners are never called while the
 * store's lock is held, so a listener may read or write the store without deadlocking.
 */
package dev.podwire.datastore;
