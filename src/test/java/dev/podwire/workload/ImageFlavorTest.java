package dev.podwire.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageFlavorTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "nginx:1.14.2, Nginx[version=1.14.2]",
        "nginx, Nginx[version=" + ImageFlavor.DEFAULT_NGINX + "]",
        "nginx:latest, Nginx[version=" + ImageFlavor.DEFAULT_NGINX + "]",
        "nginx:1.25-alpine, Nginx[version=1.25]",
        "docker.io/library/nginx:1.19.10@sha256:abcd, Nginx[version=1.19.10]",
        "registry.local:5000/nginx, Nginx[version=" + ImageFlavor.DEFAULT_NGINX + "]",
        "NGINX:1.14.2, Nginx[version=1.14.2]",
        "httpd:2.4.58, Httpd[version=2.4.58]",
        "httpd:alpine, Httpd[version=" + ImageFlavor.DEFAULT_HTTPD + "]",
        "registry.k8s.io/e2e-test-images/agnhost:2.39, Agnhost[]",
        "busybox, Agnhost[]",
        "registry.local:5000/tools/curl:8.0, Agnhost[]",
        "nginx:99999999999999999999, Nginx[version=" + ImageFlavor.DEFAULT_NGINX + "]",
    })
    void choosesFlavorFromImageName(String image, String expected) {
        assertEquals(expected, ImageFlavor.of(image).toString());
    }

    @Test
    void nginxServesModernWelcomePageFrom1211() {
        assertFalse(new ImageFlavor.Nginx("1.14.2").modernPage());
        assertFalse(new ImageFlavor.Nginx("1.21").modernPage());
        assertTrue(new ImageFlavor.Nginx("1.21.1").modernPage());
        assertTrue(new ImageFlavor.Nginx("1.27.4").modernPage());
        assertTrue(new ImageFlavor.Nginx("2").modernPage());
    }
}
