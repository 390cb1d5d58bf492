package dev.podwire.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed HTTP/1.x request head (RFC 9112 section 2-5). Pure.
 *
 * @param method the request method, e.g. {@code GET}
 * @param target the request target as sent, e.g. {@code /echo?msg=hi}
 * @param minorVersion 0 for HTTP/1.0, 1 for HTTP/1.1
 * @param headers the header fields in arrival order
 */
record HttpHead(String method, String target, int minorVersion, List<Field> headers) {
    private static final Pattern REQUEST_LINE = Pattern.compile("([A-Z]{1,16}) ([\\x21-\\x7e]+) HTTP/1\\.([0-9])");
    private static final Pattern FIELD = Pattern.compile("([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \\t]*(.*?)[ \\t]*");

    /** One header field. @param name as sent @param value without surrounding blanks */
    record Field(String name, String value) {}

    HttpHead {
        headers = List.copyOf(headers);
    }

    /**
     * {@return the head parsed from its text (ISO-8859-1, lines ending CRLF or LF, without the empty line)}; empty
     * when it is malformed, including obsolete line folding, which RFC 9112 lets a server reject.
     */
    static Optional<HttpHead> parse(String text) {
        String[] lines = text.split("\r?\n", -1);
        Matcher line = REQUEST_LINE.matcher(lines[0]);
        if (!line.matches()) {
            return Optional.empty();
        }
        List<Field> fields = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            Matcher f = FIELD.matcher(lines[i]);
            if (!f.matches()) {
                return Optional.empty();
            }
            fields.add(new Field(f.group(1), f.group(2)));
        }
        return Optional.of(new HttpHead(line.group(1), line.group(2), Integer.parseInt(line.group(3)), fields));
    }

    /** {@return the first value of the named header (case-insensitive)} */
    Optional<String> header(String name) {
        return headers.stream().filter(f -> f.name().equalsIgnoreCase(name)).map(Field::value).findFirst();
    }

    /** {@return whether the named header lists {@code token}, e.g. {@code Connection: keep-alive}} */
    boolean headerHasToken(String name, String token) {
        return headers.stream().filter(f -> f.name().equalsIgnoreCase(name))
                .flatMap(f -> List.of(f.value().split(",")).stream())
                .anyMatch(t -> t.strip().equalsIgnoreCase(token));
    }

    /** {@return whether the client wants the connection kept open after this request} */
    boolean keepAlive() {
        if (headerHasToken("Connection", "close")) {
            return false;
        }
        return minorVersion >= 1 || headerHasToken("Connection", "keep-alive");
    }

    /** {@return the path part of the target, without query; absolute-form targets lose scheme and authority} */
    String path() {
        String t = target;
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            int slash = t.indexOf('/', lower.indexOf("//") + 2);
            t = slash < 0 ? "/" : t.substring(slash);
        }
        int q = t.indexOf('?');
        return q < 0 ? t : t.substring(0, q);
    }

    /** {@return the raw query string after '?', or empty} */
    String query() {
        int q = target.indexOf('?');
        return q < 0 ? "" : target.substring(q + 1);
    }
}
