/**
 * The lab's control plane: {@link dev.podwire.control.ControlPlane} runs the Deployment and ReplicaSet
 * controllers and the scheduler on one thread; {@link dev.podwire.control.NodeLifecycle} registers the lab's
 * nodes from {@link dev.podwire.control.NodeRegistration}s. The Service half: {@link
 * dev.podwire.control.ServiceAdmission} (the apiserver's defaulting and ClusterIP / node-port allocation, returning
 * {@link dev.podwire.control.Admission}), {@link dev.podwire.control.ServiceOptions} (ranges) and {@link
 * dev.podwire.control.KubernetesService} ({@code default/kubernetes}); the EndpointSlice, Endpoints and LoadBalancer
 * controllers run inside {@code ControlPlane}.
 *
 * <p>Design notes. Controllers are level-based, like Kubernetes': they never act on the content of an event, only
 * on "something changed", and each pass reads the whole world from the store and writes the difference. So a
 * missed event, a compaction, a restart from a snapshot or a lost write conflict all heal on the next pass. Writes
 * that change nothing are skipped ({@link dev.podwire.cluster.ClusterStore#modify}), which is what lets a sync stop:
 * it repeats until a pass leaves the store revision unchanged. The node agents (not here) own pod status and the
 * final removal of deleted pods; the control plane only sets {@code spec.nodeName} and deletion timestamps.
 *
 * <p>Allocations are not stored separately (the apiserver keeps bitmaps in etcd): admission derives taken
 * ClusterIPs and node ports from the stored Services, so deletion releases them and nothing can leak. Dynamic
 * values are drawn like the apiserver's (random start in the upper band, static band last, KEP-3070).
 *
 * <p>Simplifications: a template change moves all replicas to the new ReplicaSet at once (no maxSurge /
 * maxUnavailable steps); no pod adoption or orphaning; the pod-template hash is FNV-32a over canonical JSON rather
 * than Go's deep-print, so names have Kubernetes' shape but not a real cluster's values.
 */
package dev.podwire.control;
