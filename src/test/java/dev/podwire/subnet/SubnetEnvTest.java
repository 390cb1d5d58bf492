package dev.podwire.subnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.podwire.net.Cidr;
import dev.podwire.net.Ipv4;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SubnetEnvTest {

    @Test
    void rendersFlannelsFormatWithGatewayAddress() {
        SubnetEnv env = new SubnetEnv(Cidr.parse("10.244.0.0/16"), Cidr.parse("10.244.1.0/24"), 1450, true);
        assertEquals("FLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_SUBNET=10.244.1.1/24\nFLANNEL_MTU=1450\n"
                + "FLANNEL_IPMASQ=true\n", env.render());
        assertEquals(Ipv4.parse("10.244.1.1"), env.gateway());
    }

    @Test
    void parsesWhatItRendersAndFlannelsSampleWithIpv6Lines() {
        SubnetEnv env = new SubnetEnv(Cidr.parse("10.244.0.0/16"), Cidr.parse("10.244.1.0/24"), 1500, false);
        assertEquals(env, SubnetEnv.parse(env.render()));
        String sample = "FLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_SUBNET=10.244.1.1/24\n"
                + "FLANNEL_IPV6_NETWORK=2001:cafe:42::/56\nFLANNEL_IPV6_SUBNET=2001:cafe:42::1/64\n"
                + "FLANNEL_MTU=1450\nFLANNEL_IPMASQ=true\n";
        assertEquals(new SubnetEnv(Cidr.parse("10.244.0.0/16"), Cidr.parse("10.244.1.0/24"), 1450, true),
                SubnetEnv.parse(sample));
    }

    @Test
    void toleratesDotenvSyntax() {
        String text = "# written by hand\r\nexport FLANNEL_NETWORK=\"10.5.0.0/16\"\n\nFLANNEL_SUBNET='10.5.34.1/24'\n"
                + "FLANNEL_MTU = 1472\nFLANNEL_IPMASQ=false";
        assertEquals(new SubnetEnv(Cidr.parse("10.5.0.0/16"), Cidr.parse("10.5.34.0/24"), 1472, false),
                SubnetEnv.parse(text));
    }

    @Test
    void rejectsMissingOrMalformedValues() {
        assertThrows(IllegalArgumentException.class, () -> SubnetEnv.parse("FLANNEL_NETWORK=10.244.0.0/16\n"));
        assertThrows(IllegalArgumentException.class, () -> SubnetEnv.parse(
                "FLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_SUBNET=10.244.1.1/24,10.244.2.1/24\nFLANNEL_MTU=1450\n"
                        + "FLANNEL_IPMASQ=true\n"));
        assertThrows(IllegalArgumentException.class, () -> SubnetEnv.parse(
                "FLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_SUBNET=10.244.1.1/24\nFLANNEL_MTU=big\nFLANNEL_IPMASQ=true\n"));
        assertThrows(IllegalArgumentException.class, () -> SubnetEnv.parse(
                "FLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_SUBNET=10.244.1.1/24\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=yes\n"));
        assertThrows(IllegalArgumentException.class, () -> SubnetEnv.parse("garbage\n"));
        assertThrows(IllegalArgumentException.class,
                () -> new SubnetEnv(Cidr.parse("10.244.0.0/16"), Cidr.parse("10.245.1.0/24"), 1450, true));
    }

    @Test
    void computesMtuPerBackend() {
        assertEquals(1500, new BackendConfig.HostGw().mtu(1500));
        assertEquals(1450, new BackendConfig.Vxlan(1, 0, false, false, false, OptionalInt.empty()).mtu(1500));
        assertEquals(8950, new BackendConfig.Vxlan(1, 0, false, false, false, OptionalInt.of(9000)).mtu(1500));
        assertThrows(IllegalArgumentException.class, () -> new BackendConfig.HostGw().mtu(60));
    }
}
