package dev.podwire.trace;

import java.util.List;

/**
 * A finished trace: the probe, its path out and back hop by hop, the conntrack entries it left and the verdict.
 *
 * @param source the client, as the user named it
 * @param target the target, as the user named it
 * @param probe the packet sent
 * @param client what the client saw ("connected in 1.2 ms", "Connection refused")
 * @param request the request's hops in path order
 * @param reply the reply's hops in path order (or an ICMP error's)
 * @param conntrack entries the probe created in places that track connections
 * @param verdict the conclusion
 */
public record TracePath(String source, String target, ProbeSpec probe, String client, List<Hop> request, List<Hop> reply,
        List<ConntrackEntry> conntrack, Verdict verdict) {

    /** Copies. */
    public TracePath {
        request = List.copyOf(request);
        reply = List.copyOf(reply);
        conntrack = List.copyOf(conntrack);
    }
}
