/**
 * The JSON-lines protocol over root-only unix sockets shared by the lab daemon and the node runtimes: a client sends
 * one {@link dev.podwire.rpc.Request} line and reads {@link dev.podwire.rpc.Message} lines ({@code out}, {@code err},
 * then one {@code exit}); {@link dev.podwire.rpc.RpcServer} serves each connection on a thread of its own and hands the
 * handler a {@link dev.podwire.rpc.Reply}. It depends on no other podwire package, so the daemon, the runtime and the
 * CLI all build on it without depending on each other.
 */
package dev.podwire.rpc;
