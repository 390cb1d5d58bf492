/**
 * Kubernetes objects as the control plane and agents see them: {@link dev.podwire.cluster.ClusterStore} (typed,
 * apiserver-like access to fabric8 model objects over a {@link dev.podwire.datastore.Datastore}),
 * {@link dev.podwire.cluster.ResourceType} (which kinds, where they live), {@link dev.podwire.cluster.WriteResult}
 * (AlreadyExists / NotFound / Conflict as values) and {@link dev.podwire.cluster.Tables} (kubectl's tables).
 *
 * <p>Design notes. We reuse fabric8's model classes rather than our own records, so manifests users paste parse
 * unchanged and the datastore holds the same JSON the apiserver would put in etcd (minus resourceVersion, which is
 * the key's mod revision, as in the apiserver). fabric8's packages are automatic modules and therefore open, so
 * Jackson needs no {@code opens} from us. Every update is a compare-and-put on the mod revision: writers that race
 * get {@link dev.podwire.cluster.WriteResult.Conflict} and re-read, exactly like controllers against a real
 * apiserver. {@code Tables} is pure: it formats what it is given, reproducing kubectl's printers
 * (k8s.io/kubernetes/pkg/printers/internalversion) and tabwriter layout (minwidth 6, padding 3), and takes "now" as
 * an argument for the AGE column; {@code describe service} uses Go's tabwriter block rules (padding 2).
 */
package dev.podwire.cluster;
