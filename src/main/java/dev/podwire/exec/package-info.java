/**
 * The narrow gateway to the host: {@link dev.podwire.exec.Executor} runs one {@link dev.podwire.exec.Command}
 * (argv, netns, stdin) and returns a {@link dev.podwire.exec.Result}. Only this package starts processes.
 *
 * <p>Commands in a namespace run as {@code ip -n <ns> ...} for {@code ip} itself and as
 * {@code ip netns exec <ns> ...} for everything else. A non-zero exit is a value; callers that need success call
 * {@link dev.podwire.exec.Result#orThrow()}, which throws {@link dev.podwire.exec.CommandFailedException} with argv,
 * netns, exit code, stderr and the payload lines around the reported one.
 */
package dev.podwire.exec;
