/**
 * Typed, pure readers for iproute2's JSON ({@code ip -j}, {@code bridge -j}): the only code that knows its shape.
 *
 * <p>Each record is one kind of kernel object as the kernel reports it, with the one {@link dev.podwire.host.Command}
 * that lists it and a parser for that command's output: {@link dev.podwire.host.ip.IpRoute} ({@code ip -j route
 * show [table T]}, {@code ip -j route get ...}), {@link dev.podwire.host.ip.IpLink} ({@code ip -j link show [type
 * T]}, {@code ip -j [-d] addr show dev D}, with the vxlan attributes flannel's VTEP decision needs),
 * {@link dev.podwire.host.ip.IpNeigh} ({@code ip -j neigh show dev D}) and {@link dev.podwire.host.ip.BridgeFdb}
 * ({@code bridge -j fdb show dev D}). {@link dev.podwire.host.ip.IpReader} runs a command through an
 * {@link dev.podwire.host.Executor} and parses it, so a caller reads the kernel in one line:
 * {@code new IpReader(executor).routes(netns)}.
 *
 * <p>iproute2 omits keys that hold their default ({@code "type":"unicast"}, {@code "protocol":"boot"},
 * {@code "scope":"global"}, {@code "metric":0}, the table asked for, the device asked for): the records carry the
 * defaults, so callers never see a missing key. Whether an entry is the kind a backend wrote and may delete is the
 * backend's business, not this package's. Fixtures captured from the real tools, and the script that captures them,
 * are in {@code src/test/resources/dev/podwire/host/ip}.
 */
package dev.podwire.host.ip;
