package dev.podwire.subnet;

import dev.podwire.golden.Golden;
import dev.podwire.net.Cidr;
import dev.podwire.net.Ipv4;
import org.junit.jupiter.api.Test;

/** seed-000: kubeadm + flannel host-gw, Network 10.244.0.0/16, master .201 = 10.244.0.0/24, node .202 = 10.244.1.0/24. */
class SubnetGoldenTest {
    private static final NetConf CONF = NetConf.parse(
            "{\"Network\":\"10.244.0.0/16\",\"Backend\":{\"Type\":\"host-gw\"}}");

    @Test
    void rendersSeed000SubnetEnvForBothNodes() {
        int mtu = CONF.backend().mtu(1500);
        Golden.assertGolden(getClass(), "seed-000", "master-subnet.env",
                new SubnetEnv(CONF.network(), Cidr.parse("10.244.0.0/24"), mtu, true).render());
        Golden.assertGolden(getClass(), "seed-000", "node-subnet.env",
                new SubnetEnv(CONF.network(), Cidr.parse("10.244.1.0/24"), mtu, true).render());
    }

    @Test
    void rendersSeed000LeaseValuesAndKeys() {
        String out = LeaseKey.DEFAULT.leaseKey(Cidr.parse("10.244.0.0/24")) + "\n"
                + LeaseAttrs.hostGw(Ipv4.parse("192.168.31.201")).toJson() + "\n"
                + LeaseKey.DEFAULT.leaseKey(Cidr.parse("10.244.1.0/24")) + "\n"
                + LeaseAttrs.hostGw(Ipv4.parse("192.168.31.202")).toJson() + "\n";
        Golden.assertGolden(getClass(), "seed-000", "leases.etcd", out);
    }
}
