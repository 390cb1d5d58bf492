/**
 * Pod wiring as the CNI bridge plugin does it under flannel: a {@code cni0} bridge holding the subnet's first address,
 * one veth pair per pod ({@code veth<hash>} on the node, {@code eth0} in the pod), hairpin mode, the MTU from
 * {@code subnet.env}, a default route and a route to the pod network via {@code cni0}.
 *
 * <p>{@link dev.podwire.cni.CniRenderer} is pure: it renders {@code ip -batch} scripts. The node-side script for many
 * pods is one batch in the node's namespace (the veth's far end is created directly inside the pod's namespace, so
 * nothing ever appears in the host's); each pod's own script is one batch in its namespace.
 *
 * <p><b>Adoption.</b> After an agent restart {@link dev.podwire.cni.PodAdoption} (pure) decides per pod from
 * {@link dev.podwire.cni.ObservedNode} ({@code ip -j} reads through {@link dev.podwire.cni.CniReconciler#observe}),
 * host-local's reservations and the node's {@link dev.podwire.cni.CniCache} (libcni's result cache location): keep,
 * repair only the broken parts, create, recreate, delete or release. Repairs render with idempotent verbs.
 */
package dev.podwire.cni;
