package dev.podwire.workload;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Which real server a workload imitates on {@code /}, chosen from the container image name. Pure. */
sealed interface ImageFlavor {
    /** nginx's version when the image tag does not name one ({@code nginx}, {@code nginx:latest}, {@code :alpine}). */
    String DEFAULT_NGINX = "1.27.4";
    /** httpd's version when the image tag does not name one. */
    String DEFAULT_HTTPD = "2.4.63";

    /** agnhost netexec: {@code NOW: <time>} on {@code /}; the default for every other image. */
    record Agnhost() implements ImageFlavor {}

    /** The official nginx image. @param version e.g. {@code 1.14.2} */
    record Nginx(String version) implements ImageFlavor {
        /**
         * {@return whether this version ships the welcome page with {@code color-scheme} (615 bytes) instead of the
         * classic 612-byte one}
         */
        boolean modernPage() {
            return compareVersions(version, "1.21.1") >= 0;
        }
    }

    /** The official httpd (Apache) image. @param version e.g. {@code 2.4.58} */
    record Httpd(String version) implements ImageFlavor {}

    /** {@return the flavor for an image reference such as {@code docker.io/library/nginx:1.14.2-alpine@sha256:...}} */
    static ImageFlavor of(String image) {
        String ref = image.strip().toLowerCase(Locale.ROOT);
        int digest = ref.indexOf('@');
        if (digest >= 0) {
            ref = ref.substring(0, digest);
        }
        // Only the last path segment carries name:tag; earlier colons belong to a registry host:port.
        String last = ref.substring(ref.lastIndexOf('/') + 1);
        int colon = last.indexOf(':');
        String name = colon < 0 ? last : last.substring(0, colon);
        String tag = colon < 0 ? "" : last.substring(colon + 1);
        if (name.startsWith("nginx")) {
            return new Nginx(versionOf(tag, DEFAULT_NGINX));
        }
        if (name.startsWith("httpd")) {
            return new Httpd(versionOf(tag, DEFAULT_HTTPD));
        }
        return new Agnhost();
    }

    private static String versionOf(String tag, String fallback) {
        Matcher m = Pattern.compile("^(\\d{1,9}(?:\\.\\d{1,9}){0,2})(?:$|[-_.+a-z])").matcher(tag);
        return m.find() ? m.group(1) : fallback;
    }

    /** {@return negative, zero or positive as dotted version {@code a} is before, equal to or after {@code b}} */
    static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int cmp = Long.compare(i < x.length ? Long.parseLong(x[i]) : 0, i < y.length ? Long.parseLong(y[i]) : 0);
            if (cmp != 0) {
                return cmp;
            }
        }
        return 0;
    }
}
