package dev.podwire.dns;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Request counters in Prometheus text format, named and labelled like CoreDNS's {@code metrics} plugin:
 * {@code coredns_dns_requests_total{server,zone,view,proto,family,type}},
 * {@code coredns_dns_responses_total{server,zone,view,rcode,plugin}} and the histogram
 * {@code coredns_dns_request_duration_seconds{server,zone,view,type}} with CoreDNS's buckets (0.25 ms doubling to
 * 8.192 s). Thread-safe; rendered in sorted label order.
 */
final class DnsMetrics {
    // CoreDNS labels only these query types by name (plugin/metrics/vars monitorType); the rest are "other".
    private static final Set<Integer> NAMED_TYPES = Set.of(Type.A, Type.AAAA, Type.CNAME, Type.MX, Type.NS,
            Type.PTR, Type.SOA, Type.SRV, Type.TXT, Type.ANY, Type.AXFR, Type.IXFR, Type.DS, Type.DNSKEY,
            Type.NAPTR, Type.HTTPS, Type.SVCB, Type.CAA, Type.HINFO, Type.NSEC, Type.NSEC3, Type.RRSIG);
    private static final List<Double> BUCKETS = buckets();

    /** One duration histogram. */
    private record Histogram(LongAdder[] counts, DoubleAdder sum, LongAdder count) {
        Histogram() {
            this(newAdders(BUCKETS.size()), new DoubleAdder(), new LongAdder());
        }

        void observe(double seconds) {
            for (int i = 0; i < BUCKETS.size(); i++) {
                if (seconds <= BUCKETS.get(i)) {
                    counts[i].increment();
                }
            }
            sum.add(seconds);
            count.increment();
        }
    }

    private final String server;
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> responses = new ConcurrentHashMap<>();
    private final Map<String, Histogram> durations = new ConcurrentHashMap<>();

    /** Counters for the server at {@code server}, e.g. {@code dns://127.0.0.1:53}. */
    DnsMetrics(String server) {
        this.server = server;
    }

    /** {@return the type label CoreDNS uses for {@code type}} */
    static String typeLabel(int type) {
        return NAMED_TYPES.contains(type) ? Type.string(type) : "other";
    }

    /** Counts one parsed query. */
    void request(String proto, boolean ipv6, int type) {
        String labels = common() + ",proto=\"" + proto + "\",family=\"" + (ipv6 ? 2 : 1) + "\",type=\""
                + typeLabel(type) + "\"";
        requests.computeIfAbsent(labels, k -> new LongAdder()).increment();
    }

    /** Counts one response with its rcode, the plugin that wrote it, and how long it took. */
    void response(int rcode, String plugin, int type, long nanos) {
        String labels = common() + ",rcode=\"" + Rcode.string(rcode) + "\",plugin=\"" + plugin + "\"";
        responses.computeIfAbsent(labels, k -> new LongAdder()).increment();
        durations.computeIfAbsent(common() + ",type=\"" + typeLabel(type) + "\"", k -> new Histogram())
                .observe(nanos / 1e9);
    }

    /** {@return every metric in Prometheus text exposition format 0.0.4} */
    String render() {
        StringBuilder out = new StringBuilder();
        counter(out, "coredns_dns_requests_total", "Counter of DNS requests made per zone, protocol and family.",
                requests);
        counter(out, "coredns_dns_responses_total", "Counter of response status codes.", responses);
        out.append("# HELP coredns_dns_request_duration_seconds Histogram of the time (in seconds) each request took "
                + "per zone.\n# TYPE coredns_dns_request_duration_seconds histogram\n");
        new TreeMap<>(durations).forEach((labels, h) -> {
            for (int i = 0; i < BUCKETS.size(); i++) {
                out.append("coredns_dns_request_duration_seconds_bucket{").append(labels).append(",le=\"")
                        .append(java.math.BigDecimal.valueOf(BUCKETS.get(i)).stripTrailingZeros().toPlainString()).append("\"} ").append(h.counts()[i].sum()).append('\n');
            }
            out.append("coredns_dns_request_duration_seconds_bucket{").append(labels).append(",le=\"+Inf\"} ")
                    .append(h.count().sum()).append('\n');
            out.append("coredns_dns_request_duration_seconds_sum{").append(labels).append("} ")
                    .append(h.sum().sum()).append('\n');
            out.append("coredns_dns_request_duration_seconds_count{").append(labels).append("} ")
                    .append(h.count().sum()).append('\n');
        });
        return out.toString();
    }

    private static void counter(StringBuilder out, String name, String help, Map<String, LongAdder> values) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" counter\n");
        new TreeMap<>(values).forEach((labels, value) ->
                out.append(name).append('{').append(labels).append("} ").append(value.sum()).append('\n'));
    }

    private String common() {
        return "server=\"" + server + "\",view=\"\",zone=\".\"";
    }

    private static List<Double> buckets() {
        Double[] values = new Double[16];
        for (int i = 0; i < 16; i++) {
            values[i] = 0.00025 * (1L << i);
        }
        return List.of(values);
    }

    private static LongAdder[] newAdders(int n) {
        LongAdder[] adders = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            adders[i] = new LongAdder();
        }
        return adders;
    }
}
