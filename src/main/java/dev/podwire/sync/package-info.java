/**
 * How a node's parts keep the kernel in line with the cluster: each part is a {@link dev.podwire.sync.Syncer} that
 * declares which changes wake it ({@link dev.podwire.sync.Trigger}); a {@link dev.podwire.sync.SyncLoop} gives each
 * one a worker of its own, as kubelet gives each pod a worker, so one failing or slow part never holds up another.
 *
 * <p>Design notes. A worker runs its syncer when a change it follows arrives ({@link dev.podwire.sync.Pass#CHANGE}),
 * at least every resync period ({@link dev.podwire.sync.Pass#RESYNC}: re-read the kernel objects it owns and repair
 * drift, as flanneld re-checks its rules), and after a failure ({@link dev.podwire.sync.Pass#RECOVER}, a full sync),
 * retrying with a doubling back-off that is logged at every attempt. A syncer may hold a change back
 * ({@link dev.podwire.sync.Outcome.Later}, kube-proxy's {@code minSyncPeriod}) and is run again when the wait is over.
 * When to run what is decided by {@link dev.podwire.sync.Schedule}, which is pure.
 */
package dev.podwire.sync;
