package dev.podwire.e2e;

import static dev.podwire.e2e.Podwire.in;
import static dev.podwire.e2e.Podwire.namespaces;
import static dev.podwire.e2e.Podwire.podwire;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code kubeProxy.iptables.masqueradeAll: true}: endpoints never see a client's own address. */
@Tag("netns")
class MasqueradeAllIT {
    private static final String LAB = "masqall";

    @Test
    void everyServiceConnectionIsSnated() throws Exception {
        assumeTrue(Podwire.isRoot(), "needs root");
        podwire("down", LAB);
        try {
            podwire("up", "src/test/resources/e2e/masquerade-all.yaml").ok();
            ObjectMapper json = new ObjectMapper();
            String vip = json.readTree(in(LAB, "get", "svc", "web", "-o", "json").ok().out()).path("spec")
                    .path("clusterIP").asText();
            JsonNode client = json.readTree(in(LAB, "get", "pods", "-o", "json").ok().out()).path("items").get(0);
            String clientIp = client.path("status").path("podIP").asText();
            String out = in(LAB, "exec", "pod/" + client.path("metadata").path("name").asText(), "--", "sh", "-c",
                    "for i in $(seq 40); do curl -s -m 3 " + vip + "/clientip; echo; done").ok().out();
            List<String> seen = out.lines().map(l -> l.substring(0, l.indexOf(':'))).distinct().toList();
            assertTrue(seen.stream().noneMatch(clientIp::equals), "no endpoint saw the pod's own address " + clientIp
                    + ": " + seen);
            String save = in(LAB, "rules", "node/n1").ok().out();
            // Current kube-proxy marks in the service chain (older ones did it in KUBE-SERVICES).
            assertTrue(save.lines().anyMatch(l -> l.startsWith("-A KUBE-SVC-") && l.contains("-d " + vip + "/32")
                    && l.endsWith("-j KUBE-MARK-MASQ")), save);
        } finally {
            podwire("down", LAB);
        }
        assertEquals(List.of(), namespaces(LAB + "-"));
    }
}
