package dev.podwire.datastore.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class EtcdEndpointsTest {

    @Test
    void parsesCommaSeparatedUrlsAndRoundTrips() {
        EtcdEndpoints e = EtcdEndpoints.parse("http://10.0.0.1:2379, http://10.0.0.2:2379");
        assertEquals(List.of(URI.create("http://10.0.0.1:2379"), URI.create("http://10.0.0.2:2379")), e.uris());
        assertEquals("http://10.0.0.1:2379,http://10.0.0.2:2379", e.toString());
        assertEquals(e, EtcdEndpoints.parse(e.toString()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10.0.0.1:2379", "https://10.0.0.1:2379", "http://10.0.0.1", "http://h:2379/v2",
        "http://a:1,", "http://[bad"})
    void rejectsWhatEtcdctlWouldNotTakeNamingTheEndpoint(String csv) {
        var e = assertThrows(IllegalArgumentException.class, () -> EtcdEndpoints.parse(csv));
        assertTrue(e.getMessage().startsWith("etcd endpoint"), e.getMessage());
        assertTrue(e.getMessage().contains("expected:"), e.getMessage());
    }
}
