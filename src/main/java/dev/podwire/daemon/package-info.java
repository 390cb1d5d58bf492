/**
 * The lab daemon: one JVM per lab, started by {@code podwire up}, serving the CLI over a unix socket until
 * {@code down}.
 *
 * <p>Three roles, one class each. {@link dev.podwire.daemon.LabRuntime} is the composition root: it assembles the lab
 * in start-up order (underlay, datastore, control plane, one agent per node), hands out the parts it built and stops
 * them in reverse order. {@link dev.podwire.daemon.ClusterWrites} is the write path: what {@code up}, {@code apply},
 * {@code scale} and {@code delete} change goes through it (Service admission first, as the API server's). The
 * {@link dev.podwire.daemon.Bookkeeper} keeps what makes {@code down} and recovery work without the daemon: the lab
 * record on disk, the memory store's snapshots and TTL expiry, the lease reaper's timer.
 *
 * <p>The verbs ({@code Handlers}, {@code Queries}, {@code Changes}, {@code TraceVerb}, {@code EtcdVerb}) translate
 * requests into calls on those three and answer as kubectl would; {@code LbSync} runs the lab load balancer and
 * {@code LabEtcd}, {@code AgentSupervisor} and {@code LeaseReaper} the etcd mode's processes.
 */
package dev.podwire.daemon;
