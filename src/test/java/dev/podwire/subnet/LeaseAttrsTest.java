package dev.podwire.subnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.podwire.net.Cidr;
import dev.podwire.net.Ipv4;
import dev.podwire.net.Mac;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LeaseAttrsTest {

    @Test
    void writesHostGwLeaseExactlyAsFlannel() {
        assertEquals("{\"PublicIP\":\"1.2.3.4\",\"PublicIPv6\":null,\"BackendType\":\"host-gw\"}",
                LeaseAttrs.hostGw(Ipv4.parse("1.2.3.4")).toJson());
    }

    @Test
    void writesVxlanBackendDataAsRawObject() {
        LeaseAttrs attrs = LeaseAttrs.vxlan(Ipv4.parse("192.168.64.3"), 1, Mac.parse("c6:d2:32:6f:8f:44"));
        assertEquals("{\"PublicIP\":\"192.168.64.3\",\"PublicIPv6\":null,\"BackendType\":\"vxlan\","
                + "\"BackendData\":{\"VNI\":1,\"VtepMAC\":\"c6:d2:32:6f:8f:44\"}}", attrs.toJson());
    }

    @Test
    void omitsEmptyBackendTypeLikeUdp() {
        assertEquals("{\"PublicIP\":\"1.2.3.4\",\"PublicIPv6\":null}",
                new LeaseAttrs(Ipv4.parse("1.2.3.4"), "", Optional.empty()).toJson());
    }

    @Test
    void parsesFlannelsOwnValueAndRoundTrips() {
        String json = "{\"PublicIP\":\"192.168.64.3\",\"PublicIPv6\":null,\"BackendType\":\"vxlan\","
                + "\"BackendData\":{\"VNI\":1,\"VtepMAC\":\"c6:d2:32:6f:8f:44\"}}";
        LeaseAttrs attrs = LeaseAttrs.parse(json);
        assertEquals(Ipv4.parse("192.168.64.3"), attrs.publicIp());
        assertEquals("vxlan", attrs.backendType());
        assertEquals(Optional.of("{\"VNI\":1,\"VtepMAC\":\"c6:d2:32:6f:8f:44\"}"), attrs.backendDataJson());
        assertEquals(json, attrs.toJson());
    }

    @Test
    void parsesPreV3ValueWithoutPublicIpv6AndCaseInsensitiveKeys() {
        LeaseAttrs attrs = LeaseAttrs.parse("{\"publicip\":\"10.37.7.195\",\"backendtype\":\"vxlan\","
                + "\"BackendData\": {\"VtepMAC\": \"82:4b:b6:2f:54:4e\"}, \"Extra\": 1}");
        assertEquals("{\"PublicIP\":\"10.37.7.195\",\"PublicIPv6\":null,\"BackendType\":\"vxlan\","
                + "\"BackendData\":{\"VtepMAC\":\"82:4b:b6:2f:54:4e\"}}", attrs.toJson());
    }

    @Test
    void treatsNullBackendDataAsAbsent() {
        assertEquals(Optional.empty(),
                LeaseAttrs.parse("{\"PublicIP\":\"1.2.3.4\",\"BackendType\":\"host-gw\",\"BackendData\":null}")
                        .backendDataJson());
    }

    @Test
    void rejectsMissingPublicIpIpv6LeasesAndNonObjectBackendData() {
        assertThrows(IllegalArgumentException.class, () -> LeaseAttrs.parse("{\"BackendType\":\"host-gw\"}"));
        assertThrows(IllegalArgumentException.class, () -> LeaseAttrs.parse("{\"PublicIP\":\"1.2.3.400\"}"));
        assertThrows(IllegalArgumentException.class,
                () -> LeaseAttrs.parse("{\"PublicIP\":\"1.2.3.4\",\"PublicIPv6\":\"fc00::1\"}"));
        assertThrows(IllegalArgumentException.class, () -> LeaseAttrs.parse("[1]"));
        assertThrows(IllegalArgumentException.class, () -> LeaseAttrs.parse("{"));
        assertThrows(IllegalArgumentException.class,
                () -> new LeaseAttrs(Ipv4.parse("1.2.3.4"), "vxlan", Optional.of("[1,2]")));
    }

    @Test
    void leaseLastsTwentyFourHoursAndRenewsAnHourEarly() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        Lease lease = Lease.granted(Cidr.parse("10.244.1.0/24"), LeaseAttrs.hostGw(Ipv4.parse("1.2.3.4")), now);
        assertEquals(Instant.parse("2026-01-02T00:00:00Z"), lease.expiration());
        assertEquals(Instant.parse("2026-01-01T23:00:00Z"), lease.renewAt(Lease.DEFAULT_RENEW_MARGIN));
        assertEquals(false, lease.expiredAt(now.plus(Duration.ofHours(23))));
        assertEquals(true, lease.expiredAt(now.plus(Duration.ofHours(24))));
        assertThrows(IllegalArgumentException.class, () -> lease.renewAt(Duration.ofHours(24)));
    }
}
