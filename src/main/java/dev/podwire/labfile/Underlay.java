package dev.podwire.labfile;

import java.util.List;

/**
 * The machines and wires below Kubernetes.
 *
 * @param mtu MTU of every underlay link, 576..9000 (default 1500)
 * @param segments L2 segments, in file order
 * @param routers routers between segments, in file order
 * @param hosts non-node machines, in file order
 */
public record Underlay(int mtu, List<SegmentSpec> segments, List<RouterSpec> routers, List<HostSpec> hosts) {
    /** Validates and copies. */
    public Underlay {
        if (mtu < 576 || mtu > 9000) {
            throw new IllegalArgumentException("mtu: " + mtu + " (expected: 576..9000)");
        }
        segments = List.copyOf(segments);
        routers = List.copyOf(routers);
        hosts = List.copyOf(hosts);
    }
}
