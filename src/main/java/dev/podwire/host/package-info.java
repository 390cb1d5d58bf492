/**
 * The narrow gateway to the host: {@link dev.podwire.host.Executor} runs one {@link dev.podwire.host.Command}
 * (argv, netns, stdin) and returns a {@link dev.podwire.host.Result}. Only this package starts processes.
 *
 * <p>Commands in a namespace run as {@code ip -n <ns> ...} for {@code ip} itself and as
 * {@code ip netns exec <ns> ...} for everything else. A non-zero exit is a value; callers that need success call
 * {@link dev.podwire.host.Result#orThrow()}, which throws {@link dev.podwire.host.CommandFailedException} with argv,
 * netns, exit code, stderr and the payload lines around the reported one.
 *
 * <p>Namespace entry without a process: {@link dev.podwire.host.NetnsThreads} runs code on a thread that entered a
 * namespace through {@code setns(2)} (FFM, {@code Libc}), so sockets created there belong to that namespace.
 *
 * <p>Reading the kernel's state: {@link dev.podwire.host.ip} holds typed readers of {@code ip -j} and
 * {@code bridge -j} output (routes, links, neighbours, FDB), each with the command that produces it.
 */
package dev.podwire.host;
