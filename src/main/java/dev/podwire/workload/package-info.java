/**
 * In-JVM workloads: the built-in servers that stand in for a pod's containers, with sockets living inside the pod's
 * network namespace.
 *
 * <p><b>Public API.</b> {@link dev.podwire.workload.Workload#start} serves a {@link dev.podwire.workload.WorkloadSpec}
 * (pod name, namespace, image, {@link dev.podwire.workload.PortSpec}s with a {@link dev.podwire.net.Protocol}) in
 * a {@link dev.podwire.net.Netns}; {@link dev.podwire.workload.Probe} checks reachability from a namespace and returns
 * {@link dev.podwire.workload.ProbeResult} / {@link dev.podwire.workload.HttpReply} values;
 * {@link dev.podwire.host.NetnsThreads} runs any code inside a namespace.
 *
 * <p><b>How sockets get into a namespace.</b> A network namespace is a property of a thread, and a socket keeps the
 * namespace of the thread that created it. {@code NetnsThreads} starts a fresh platform thread, enters the namespace
 * with {@code open(2)} + {@code setns(2)} called through the FFM API ({@code Libc}, errno captured with
 * {@code captureCallState}), creates and binds every socket, and lets the thread die, so no unrelated code ever runs
 * in the wrong namespace. Accept loops and connections then run on ordinary virtual threads: the sockets stay where
 * they were created. Sockets are IPv4-only ({@code StandardProtocolFamily.INET}) so {@code ss} shows
 * {@code 0.0.0.0:<port>} like a real container.
 *
 * <p><b>Behaviour (agnhost netexec).</b> A TCP connection's first line decides its protocol ({@code Sniffer}): an
 * HTTP/1.x request line starts the HTTP loop (keep-alive, pipelining, Content-Length bodies, HEAD, 100-continue),
 * anything else is echoed. Routes ({@code Site}, pure): {@code /hostname}, {@code /clientip}, {@code /echo?msg=},
 * {@code /healthz} for every image; {@code /} depends on the image ({@code ImageFlavor}): nginx's welcome page
 * (classic 612-byte or 1.21.1+ 615-byte), httpd's "It works!", else agnhost's {@code NOW: <go time>}. Unknown paths
 * get a 404 in the imitated server's style. UDP datagrams answer {@code hostname}, {@code echo X}, {@code clientip}
 * and echo anything else ({@code UdpResponder}, pure). SCTP ports are skipped and reported.
 *
 * <p><b>Limits.</b> Request head 8 KiB (431), body 1 MiB read and discarded (413), chunked bodies refused (501),
 * idle connections closed after 60 s, 1024 connections per port, lingering close after the last response so a
 * reset never eats it. Every I/O failure ends only its own connection.
 */
package dev.podwire.workload;

