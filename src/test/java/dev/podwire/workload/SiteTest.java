package dev.podwire.workload;

import dev.podwire.golden.Golden;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SiteTest {
    private static final Instant STARTED = Instant.parse("2026-01-02T03:04:05Z");
    private static final Instant NOW = STARTED.plusMillis(1500);

    private static Site site(String image) {
        return new Site("web-0", ImageFlavor.of(image), STARTED);
    }

    private static HttpResponse get(String image, String target) {
        HttpHead head = HttpHead.parse("GET " + target + " HTTP/1.1\r\nHost: x").orElseThrow();
        return site(image).respond(head, "10.123.0.1:40000", NOW);
    }

    private static String wire(HttpResponse r) {
        return new String(r.encode(false, true), StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "/hostname                 | web-0",
        "/clientip                 | 10.123.0.1:40000",
        "/healthz                  | ok",
        "/echo?msg=hello           | hello",
        "/echo?msg=a%20b+c%2Fd     | a b c/d",
        "/echo?x=1&msg=%E2%9C%93   | \u2713",
        "/echo                     | ''",
        "/echo?msg=%zz             | ''",
    })
    void answersAgnhostRoutesForEveryImage(String target, String body) {
        for (String image : new String[] {"agnhost:2.39", "nginx:1.14.2", "httpd:2.4"}) {
            HttpResponse r = get(image, target);
            assertEquals(200, r.status(), image + " " + target);
            assertEquals(body, r.body(), image + " " + target);
        }
    }

    @Test
    void bytesServesTheRequestedSizeAndRefusesBadOrHugeCounts() {
        assertEquals(10_000_000, get("nginx:1.14.2", "/bytes?n=10000000").body().length());
        assertEquals(0, get("httpd", "/bytes?n=0").body().length());
        assertEquals(400, get("httpd", "/bytes?n=-1").status());
        assertEquals(400, get("httpd", "/bytes?n=lots").status());
        assertEquals(400, get("httpd", "/bytes?n=" + (Site.MAX_BYTES + 1)).status());
    }

    @Test
    void agnhostIndexPrintsGoTimeWithMonotonicOffset() {
        assertEquals("NOW: 2026-01-02 03:04:06.5 +0000 UTC m=+1.500000000", get("agnhost", "/").body());
        assertEquals("2026-01-02 03:04:05 +0000 UTC m=+0.000000000", site("x").goTime(STARTED));
    }

    @Test
    void agnhostIndexMatchesGolden() {
        Golden.assertGolden("dev/podwire/workload/" + "agnhost-index", "response.http", wire(get("registry.k8s.io/e2e-test-images/agnhost:2.39", "/")));
    }

    @Test
    void nginx1142ServesClassicWelcomePage() {
        HttpResponse r = get("nginx:1.14.2", "/");
        assertEquals(612, r.body().getBytes(StandardCharsets.UTF_8).length);
        assertEquals(Optional.of("nginx/1.14.2"), header(r, "Server"));
        Golden.assertGolden("dev/podwire/workload/" + "nginx-1.14.2-index", "response.http", wire(r));
    }

    @Test
    void nginxLatestServesModernWelcomePage() {
        HttpResponse r = get("nginx", "/");
        assertEquals(615, r.body().getBytes(StandardCharsets.UTF_8).length);
        Golden.assertGolden("dev/podwire/workload/" + "nginx-latest-index", "response.http", wire(r));
    }

    @Test
    void httpdServesItWorks() {
        HttpResponse r = get("httpd:2.4.58", "/");
        assertEquals("<html><body><h1>It works!</h1></body></html>\n", r.body());
        assertEquals(Optional.of("Apache/2.4.58 (Unix)"), header(r, "Server"));
        Golden.assertGolden("dev/podwire/workload/" + "httpd-index", "response.http", wire(r));
    }

    @Test
    void unknownPathIs404InEachServersStyle() {
        Golden.assertGolden("dev/podwire/workload/" + "agnhost-404", "response.http", wire(get("agnhost", "/nope")));
        Golden.assertGolden("dev/podwire/workload/" + "nginx-1.14.2-404", "response.http", wire(get("nginx:1.14.2", "/nope")));
        Golden.assertGolden("dev/podwire/workload/" + "httpd-404", "response.http", wire(get("httpd:2.4.58", "/nope")));
    }

    @Test
    void headResponseHasHeadersAndContentLengthButNoBody() {
        String head = new String(get("nginx:1.14.2", "/").encode(true, false), StandardCharsets.UTF_8);
        assertEquals(true, head.contains("Content-Length: 612\r\n"));
        assertEquals(true, head.endsWith("Connection: close\r\n\r\n"));
    }

    private static Optional<String> header(HttpResponse r, String name) {
        return r.headers().stream().filter(f -> f.name().equals(name)).map(HttpHead.Field::value).findFirst();
    }
}
