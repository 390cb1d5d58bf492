package dev.podwire.workload;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The HTTP routes of one workload: agnhost netexec's {@code /hostname}, {@code /clientip}, {@code /echo?msg=} and
 * {@code /healthz} for every image, and on {@code /} the page of the imitated server. Pure: the clock's reading and
 * the peer address are arguments.
 *
 * @param podName what {@code /hostname} answers
 * @param flavor the imitated server
 * @param started when the workload started (agnhost's monotonic {@code m=+} offset counts from it)
 */
record Site(String podName, ImageFlavor flavor, Instant started) {
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter GO_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.US).withZone(ZoneOffset.UTC);
    private static final String TEXT = "text/plain; charset=utf-8";

    /** {@return the response to {@code request} from a client at {@code peer} ("ip:port" as the pod sees it)} */
    HttpResponse respond(HttpHead request, String peer, Instant now) {
        return switch (request.path()) {
            case "/hostname" -> text(200, podName, now);
            case "/clientip" -> text(200, peer, now);
            case "/healthz" -> text(200, "ok", now);
            // agnhost uses Go's FormValue: a missing or malformed msg is simply "".
            case "/echo" -> text(200, queryParam(request.query(), "msg").orElse(""), now);
            case "/" -> index(now);
            // Not agnhost's: a sized download for MTU and throughput checks (bulk transfers through the overlay).
            case "/bytes" -> bytes(queryParam(request.query(), "n"), now);
            default -> error(404, now);
        };
    }

    /** {@return the imitated server's error response for {@code status}} */
    HttpResponse error(int status, Instant now) {
        String reason = HttpResponse.reason(status);
        return switch (flavor) {
            case ImageFlavor.Agnhost _ -> new HttpResponse(status, List.of(field("Content-Type", TEXT),
                    field("X-Content-Type-Options", "nosniff"), field("Date", HTTP_DATE.format(now))),
                    Pages.goError(status, reason));
            case ImageFlavor.Nginx n -> new HttpResponse(status, nginxHeaders(n, now, "text/html"),
                    Pages.nginxError(status, reason, n.version(), n.modernPage()));
            case ImageFlavor.Httpd h -> new HttpResponse(status, List.of(field("Date", HTTP_DATE.format(now)),
                    field("Server", "Apache/" + h.version() + " (Unix)"),
                    field("Content-Type", "text/html; charset=iso-8859-1")), Pages.httpdError(status, reason));
        };
    }

    /** The largest {@code /bytes?n=} body: big enough for transfer tests, small enough to keep the daemon safe. */
    static final int MAX_BYTES = 64 * 1024 * 1024;

    private HttpResponse bytes(java.util.Optional<String> n, Instant now) {
        int count;
        try {
            count = Integer.parseInt(n.orElse(""));
        } catch (NumberFormatException e) {
            return text(400, "n: " + n.orElse("") + " (expected: a byte count 0.." + MAX_BYTES + ")\n", now);
        }
        if (count < 0 || count > MAX_BYTES) {
            return text(400, "n: " + count + " (expected: 0.." + MAX_BYTES + ")\n", now);
        }
        return text(200, "x".repeat(count), now);
    }

    private HttpResponse index(Instant now) {
        return switch (flavor) {
            case ImageFlavor.Agnhost _ -> text(200, "NOW: " + goTime(now), now);
            case ImageFlavor.Nginx n -> {
                String page = n.modernPage() ? Pages.NGINX_MODERN : Pages.NGINX_CLASSIC;
                List<HttpHead.Field> headers = new ArrayList<>(nginxHeaders(n, now, "text/html"));
                // nginx's ETag is "<mtime hex>-<length hex>"; the page "file" dates from the workload's start.
                long mtime = started.getEpochSecond();
                headers.add(field("Last-Modified", HTTP_DATE.format(Instant.ofEpochSecond(mtime))));
                headers.add(field("ETag", "\"" + Long.toHexString(mtime) + "-" + Integer.toHexString(page.length()) + "\""));
                headers.add(field("Accept-Ranges", "bytes"));
                yield new HttpResponse(200, headers, page);
            }
            case ImageFlavor.Httpd h -> new HttpResponse(200, List.of(field("Date", HTTP_DATE.format(now)),
                    field("Server", "Apache/" + h.version() + " (Unix)"),
                    field("Last-Modified", Pages.HTTPD_LAST_MODIFIED), field("ETag", Pages.HTTPD_ETAG),
                    field("Accept-Ranges", "bytes"), field("Content-Type", "text/html")), Pages.HTTPD_IT_WORKS);
        };
    }

    private HttpResponse text(int status, String body, Instant now) {
        List<HttpHead.Field> headers = switch (flavor) {
            case ImageFlavor.Agnhost _ -> List.of(field("Date", HTTP_DATE.format(now)), field("Content-Type", TEXT));
            case ImageFlavor.Nginx n -> nginxHeaders(n, now, TEXT);
            case ImageFlavor.Httpd h -> List.of(field("Date", HTTP_DATE.format(now)),
                    field("Server", "Apache/" + h.version() + " (Unix)"), field("Content-Type", TEXT));
        };
        return new HttpResponse(status, headers, body);
    }

    private static List<HttpHead.Field> nginxHeaders(ImageFlavor.Nginx n, Instant now, String type) {
        return List.of(field("Server", "nginx/" + n.version()), field("Date", HTTP_DATE.format(now)),
                field("Content-Type", type));
    }

    /** {@return Go's {@code time.Now().String()} as agnhost prints it, e.g. {@code 2026-01-02 03:04:05.5 +0000 UTC m=+1.000000000}} */
    String goTime(Instant now) {
        StringBuilder out = new StringBuilder(GO_TIME.format(now));
        if (now.getNano() != 0) {
            // Go's .999999999 layout drops trailing zeros.
            String nanos = String.format(Locale.ROOT, "%09d", now.getNano()).replaceAll("0+$", "");
            out.append('.').append(nanos);
        }
        Duration up = Duration.between(started, now);
        out.append(" +0000 UTC m=").append(up.isNegative() ? "-" : "+")
                .append(String.format(Locale.ROOT, "%d.%09d", up.abs().getSeconds(), up.abs().getNano()));
        return out.toString();
    }

    /** {@return the first value of {@code name} in a query string, form-decoded like Go's {@code FormValue}} */
    static Optional<String> queryParam(String query, String name) {
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                if (URLDecoder.decode(key, StandardCharsets.UTF_8).equals(name)) {
                    return Optional.of(URLDecoder.decode(value, StandardCharsets.UTF_8));
                }
            } catch (IllegalArgumentException e) {
                // A malformed %-escape: Go's ParseQuery rejects the whole query, so no value.
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static HttpHead.Field field(String name, String value) {
        return new HttpHead.Field(name, value);
    }
}
