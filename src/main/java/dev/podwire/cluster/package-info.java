/**
 * Kubernetes objects as the control plane and agents see them: {@link dev.podwire.cluster.ClusterStore} (typed,
 * apiserver-like access to fabric8 model objects over a {@link dev.podwire.datastore.Datastore}),
 * {@link dev.podwire.cluster.ResourceType} (a kind, declared once: model class, apiVersions, key layout, CLI names,
 * manifest checks, columns), {@link dev.podwire.cluster.KindRegistry} (the kinds served, and every lookup of a kind:
 * by object, by datastore key, by resource name), {@link dev.podwire.cluster.WriteResult} (AlreadyExists / NotFound /
 * Conflict as values) and {@link dev.podwire.cluster.Tables} (kubectl's tables).
 *
 * <p>Design notes. We reuse fabric8's model classes rather than our own records, so manifests users paste parse
 * unchanged and the datastore holds the same JSON the apiserver would put in etcd (minus resourceVersion, which is
 * the key's mod revision, as in the apiserver). fabric8's packages are automatic modules and therefore open, so
 * Jackson needs no {@code opens} from us. Every update is a compare-and-put on the mod revision: writers that race
 * get {@link dev.podwire.cluster.WriteResult.Conflict} and re-read, exactly like controllers against a real
 * apiserver. {@code Tables} is pure: it lays out the columns each kind's printer gives (kubectl's printers,
 * k8s.io/kubernetes/pkg/printers/internalversion, reproduced per kind under {@code dev.podwire.kinds}) in kubectl's
 * tabwriter layout (minwidth 6, padding 3), and takes "now" as an argument for the AGE column; {@code describe
 * service} uses Go's tabwriter block rules (padding 2).
 *
 * <p>Kinds. A kind's checks and columns are static functions in its own package under {@code dev.podwire.kinds},
 * which knows nothing of the store; its {@code ResourceType} constant here wires them to its key layout and names,
 * and {@code KindRegistry.DEFAULT} lists it. That is the only place the set of kinds is written down: manifest
 * reading ({@code labfile}), the store's writes, the CLI's resource names and the node agents' wake-ups (which kind
 * a changed key belongs to, {@code KindRegistry.ofKey}) all look kinds up there.
 */
package dev.podwire.cluster;
