package dev.podwire.subnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.podwire.net.Cidr;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class LeaseKeyTest {

    @Test
    void buildsFlannelsKeysUnderDefaultPrefix() {
        Cidr subnet = Cidr.parse("10.244.1.0/24");
        assertEquals("10.244.1.0-24", LeaseKey.subnetKey(subnet));
        assertEquals("/coreos.com/network/subnets/10.244.1.0-24", LeaseKey.DEFAULT.leaseKey(subnet));
        assertEquals("/coreos.com/network/config", LeaseKey.DEFAULT.configKey());
        assertEquals("/coreos.com/network/subnets/", LeaseKey.DEFAULT.subnetsPrefix());
    }

    @Test
    void honoursCustomPrefix() {
        LeaseKey keys = new LeaseKey("/podwire.dev/net-b");
        assertEquals("/podwire.dev/net-b/config", keys.configKey());
        assertEquals(Optional.of(Cidr.parse("10.12.0.0/16")), keys.parseLeaseKey("/podwire.dev/net-b/subnets/10.12.0.0-16"));
        assertEquals(Optional.empty(), keys.parseLeaseKey("/coreos.com/network/subnets/10.12.0.0-16"));
    }

    @ParameterizedTest
    @CsvSource({
        "10.244.1.0-24, 10.244.1.0/24",
        "10.255.255.252-30, 10.255.255.252/30",
        "/coreos.com/network/subnets/10.244.1.0-24, 10.244.1.0/24",
        "10.244.1.0-24&fc00:0:0:1::-64, 10.244.1.0/24",
        "0.0.0.0-0, 0.0.0.0/0",
    })
    void parsesGoodKeys(String key, String expected) {
        assertEquals(Optional.of(Cidr.parse(expected)), LeaseKey.parseSubnetKey(key));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.12.13-24", "10.12.13.300-24", "10.12.13.0-32", "10.12.13.0-", "10.12.13.0/24",
        "010.12.13.0-24", "10.12.13.0-24 ", "10x12x13x0-24", "10.244.1.5-24", "config", ""})
    void skipsBadKeysAsFlannelDoes(String key) {
        assertEquals(Optional.empty(), LeaseKey.parseSubnetKey(key));
    }

    @Test
    void rejectsMalformedPrefix() {
        assertThrows(IllegalArgumentException.class, () -> new LeaseKey("coreos.com/network"));
        assertThrows(IllegalArgumentException.class, () -> new LeaseKey("/coreos.com/network/"));
    }
}
