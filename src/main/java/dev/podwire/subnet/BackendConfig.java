package dev.podwire.subnet;

import java.util.OptionalInt;

/** The {@code Backend} object of flannel's net-conf.json. */
public sealed interface BackendConfig {

    /** {@return the type name as flannel writes it in leases ({@code host-gw}, {@code vxlan})} */
    String type();

    /**
     * {@return the pod MTU flannel writes as FLANNEL_MTU for an external interface of {@code underlayMtu}}:
     * host-gw adds no header, vxlan subtracts its 50-byte encapsulation (IPv4 20 + UDP 8 + VXLAN 8 + Ethernet 14).
     */
    int mtu(int underlayMtu);

    /** {@code {"Type": "host-gw"}}: routes to peers' subnets via their node addresses; needs L2 adjacency. */
    record HostGw() implements BackendConfig {
        @Override
        public String type() {
            return "host-gw";
        }

        @Override
        public int mtu(int underlayMtu) {
            return checkUnderlay(underlayMtu);
        }
    }

    /**
     * {@code {"Type": "vxlan", "VNI": 1, "Port": 0, "GBP": false, "Learning": false, "DirectRouting": false, "MTU": n}}.
     *
     * @param vni VXLAN network identifier, 1..16777215 (device {@code flannel.<VNI>})
     * @param port UDP port; 0 = kernel default 8472
     * @param gbp group-based policy extension
     * @param learning MAC learning on the VTEP
     * @param directRouting host-gw style routes to peers on the node's own segment
     * @param mtu underlay MTU to start from instead of the interface's; the VTEP gets this minus 50
     */
    record Vxlan(int vni, int port, boolean gbp, boolean learning, boolean directRouting, OptionalInt mtu)
            implements BackendConfig {
        /** Validates ranges. */
        public Vxlan {
            if (vni < 0 || vni > 0xFFFFFF) {
                throw new IllegalArgumentException("Backend.VNI: " + vni + " (expected: 0..16777215)");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("Backend.Port: " + port + " (expected: 0..65535, 0 = 8472)");
            }
            if (mtu.isPresent() && (mtu.getAsInt() < 68 + 50 || mtu.getAsInt() > 65535)) {
                throw new IllegalArgumentException("Backend.MTU: " + mtu.getAsInt() + " (expected: 118..65535)");
            }
        }

        @Override
        public String type() {
            return "vxlan";
        }

        /** Bytes the VXLAN encapsulation adds ({@code encapOverhead} in flannel). */
        public static final int OVERHEAD = 50;

        /** {@inheritDoc} The {@code MTU} option, when set, replaces {@code underlayMtu}. */
        @Override
        public int mtu(int underlayMtu) {
            checkUnderlay(underlayMtu);
            return mtu.orElse(underlayMtu) - OVERHEAD;
        }

        /** {@return the UDP port the VTEP uses} */
        public int effectivePort() {
            return port == 0 ? 8472 : port;
        }
    }

    private static int checkUnderlay(int underlayMtu) {
        if (underlayMtu < 68 + 50 || underlayMtu > 65535) {
            throw new IllegalArgumentException("underlayMtu: " + underlayMtu + " (expected: 118..65535)");
        }
        return underlayMtu;
    }
}
