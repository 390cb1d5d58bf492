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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A non-node host with a static route reaches pods on both nodes; a pod with a command runs a host program. */
@Tag("netns")
class OfficeHostIT {
    private static final String LAB = "office";

    @BeforeAll
    static void up() {
        assumeTrue(Podwire.isRoot(), "needs root");
        podwire("down", LAB);
        podwire("up", "src/test/resources/e2e/office.yaml").ok();
    }

    @AfterAll
    static void down() {
        if (Podwire.isRoot()) {
            podwire("down", LAB).ok();
            assertEquals(List.of(), namespaces(LAB + "-"));
        }
    }

    private static JsonNode pod(String name) throws Exception {
        for (int i = 0; i < 100; i++) {
            var run = in(LAB, "get", "pods", name, "-o", "json");
            if (run.code() == 0) {
                JsonNode p = new ObjectMapper().readTree(run.out());
                if (p.path("status").path("phase").asText().equals("Running")) {
                    return p;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("pod " + name + " never ran");
    }

    @Test
    void officeReachesPodsOnBothNodesAndFlannelMasqueradesOnlyTheRemoteOnes() throws Exception {
        JsonNode list = new ObjectMapper().readTree(in(LAB, "get", "pods", "-o", "json").ok().out());
        assertEquals(2, list.path("items").size());
        for (JsonNode p : list.path("items")) {
            String ip = p.path("status").path("podIP").asText();
            String page = in(LAB, "exec", "host/office", "--", "curl", "-s", "-m", "5", "http://" + ip + "/").ok()
                    .out();
            assertEquals("<html><body><h1>It works!</h1></body></html>\n", page);
            String client = in(LAB, "exec", "host/office", "--", "curl", "-s", "-m", "5",
                    "http://" + ip + "/clientip").ok().out();
            // flannel's FLANNEL-POSTRTG on node a: `! -s N -d P RETURN` keeps the office's address for a's own pods,
            // `! -s N -d N MASQUERADE` hides it behind a's address for pods on other nodes.
            String expected = p.path("spec").path("nodeName").asText().equals("a") ? "192.168.90.50:"
                    : "192.168.90.11:";
            assertTrue(client.startsWith(expected), "pod on " + p.path("spec").path("nodeName").asText() + " sees "
                    + client + ", expected " + expected);
        }
    }

    @Test
    void aContainerWithACommandRunsThatProgramInThePodsNamespace() throws Exception {
        var applied = in(LAB, "apply", "-f", "src/test/resources/e2e/command-pod.yaml").ok();
        assertTrue(applied.out().contains("pod/listener created"), applied.out());
        String ip = pod("listener").path("status").path("podIP").asText();
        // Poll from inside the office: the program may take a moment to start listening.
        String probe = "for i in $(seq 100); do (echo hi > /dev/tcp/" + ip + "/8000) 2>/dev/null && exit 0; "
                + "sleep 0.1; done; exit 1";
        in(LAB, "exec", "host/office", "--", "bash", "-c", probe).ok();
        in(LAB, "delete", "pod/listener").ok();
        for (int i = 0; i < 100 && in(LAB, "get", "pods", "listener").code() == 0; i++) {
            Thread.sleep(100);
        }
        // The address is gone too, so the connect fails (unreachable) instead of being refused: bound it in time.
        var gone = in(LAB, "exec", "host/office", "--", "timeout", "3", "bash", "-c",
                "echo hi > /dev/tcp/" + ip + "/8000");
        assertTrue(gone.code() != 0, "the program ended with its pod");
    }
}
