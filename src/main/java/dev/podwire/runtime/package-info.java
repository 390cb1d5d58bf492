/**
 * The container runtime boundary: what kubelet asks containerd for, reduced to what a lab needs.
 *
 * <p>{@link dev.podwire.runtime.ContainerRuntime} starts, stops and lists
 * {@link dev.podwire.runtime.ContainerSpec containers}: a built-in server (the {@code workload} package's
 * agnhost/nginx/httpd-like servers, sockets bound inside the pod's namespace) or a {@code command} run as a detached
 * host process in the pod's namespace. {@link dev.podwire.runtime.InProcessRuntime} runs them from the calling JVM
 * (the embedded lab daemon: nothing to start, fastest bring-up). A separate node agent must not take its node's pods
 * down when it dies, so it uses {@link dev.podwire.runtime.RuntimeClient}: {@link dev.podwire.runtime.RuntimeProcess}
 * finds the node's live {@code podwire runtime} process (pid file + socket) or starts one detached inside the node's
 * namespace, and {@link dev.podwire.runtime.RuntimeServer} serves an {@code InProcessRuntime} there over a root-only
 * unix socket with the daemon's JSON-lines protocol (package {@code rpc}).
 *
 * <p><b>Adoption.</b> A command container's pid file ({@code containers/<id>.json}: spec, PID and start time) lets a
 * restarted runtime list, and so keep, processes it did not start. Built-in servers live in the runtime's JVM: they
 * survive an agent restart, not a runtime restart (the agent then starts them again). Images the lab serves itself
 * ({@code agent.SpecialImages}, the cluster DNS in coredns pods) stay in the agent's process: they read the agent's
 * live view of the cluster, and the agent restarts them when it adopts their pods.
 *
 * <p><b>Lifetime.</b> The runtime ends on SIGTERM (what {@code podwire down} sends to recorded processes) and by
 * itself once its node's namespace is gone, so a lab never leaves one behind.
 */
package dev.podwire.runtime;
