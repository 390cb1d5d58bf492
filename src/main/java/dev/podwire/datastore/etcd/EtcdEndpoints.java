package dev.podwire.datastore.etcd;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The client URLs of an etcd cluster, as flannel's and etcdctl's {@code --etcd-endpoints} take them: comma-separated
 * {@code http://host:port} URLs.
 *
 * @param uris one or more {@code http} URLs with a host and a port, no path
 */
public record EtcdEndpoints(List<URI> uris) {

    /** Validates and copies. */
    public EtcdEndpoints {
        uris = List.copyOf(uris);
        if (uris.isEmpty()) {
            throw new IllegalArgumentException("etcd endpoints: [] (expected: at least one URL such as http://127.0.0.1:2379)");
        }
        for (URI uri : uris) {
            requireValid(uri);
        }
    }

    /** {@return the endpoints in {@code csv}}, e.g. {@code http://10.0.0.1:2379,http://10.0.0.2:2379} */
    public static EtcdEndpoints parse(String csv) {
        requireNonNull(csv, "csv");
        List<URI> out = new ArrayList<>();
        for (String part : csv.split(",", -1)) {
            String s = part.strip();
            try {
                out.add(new URI(s));
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("etcd endpoint: " + s + " (expected: a URL such as http://127.0.0.1:2379; "
                        + e.getReason() + ")", e);
            }
        }
        return new EtcdEndpoints(out);
    }

    /** {@return a single endpoint} */
    public static EtcdEndpoints of(URI uri) {
        return new EtcdEndpoints(List.of(uri));
    }

    /** {@return the comma-separated form, which {@link #parse} reads back} */
    @Override
    public String toString() {
        return uris.stream().map(URI::toString).collect(Collectors.joining(","));
    }

    private static void requireValid(URI uri) {
        requireNonNull(uri, "uri");
        String why = null;
        if (!"http".equals(uri.getScheme())) {
            why = "scheme http (TLS endpoints are not supported)";
        } else if (uri.getHost() == null || uri.getPort() < 1) {
            why = "a host and a port";
        } else if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
            why = "no path";
        }
        if (why != null) {
            throw new IllegalArgumentException("etcd endpoint: " + uri + " (expected: http://host:port with " + why + ")");
        }
    }
}
