package dev.podwire.dns;

import static java.util.Objects.requireNonNull;

import dev.podwire.dns.ServiceRecords.ReadyEndpoint;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Builds a {@link ClusterZone} from cluster objects, following the Kubernetes DNS specification 1.1.0 and what
 * CoreDNS's {@code kubernetes} plugin serves beyond it. Pure: same objects, config and serial give the same zone.
 */
public final class ZoneBuilder {
    /** The DNS schema version served at {@code dns-version.<zone>} (spec 2.2). */
    public static final String SCHEMA_VERSION = "1.1.0";
    /** The fixed TTL of the {@code dns-version} TXT record (CoreDNS {@code DNSSchemaVersion}). */
    static final long SCHEMA_TTL = 28800;
    /** The DNS Service: the apex NS names it, and its ClusterIP is what {@code ns.dns.<zone>} resolves to. */
    static final String DNS_NAMESPACE = "kube-system";
    static final String DNS_SERVICE = "kube-dns";
    private static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private ZoneBuilder() {
    }

    /** {@return the zone for {@code objects} under {@code config}, stamped with SOA {@code serial}} */
    public static ClusterZone build(ClusterObjects objects, ZoneConfig config, long serial) {
        requireNonNull(objects, "objects");
        requireNonNull(config, "config");
        if (serial < 0 || serial > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("serial: " + serial + " (expected: 0..4294967295)");
        }
        Name origin = config.origin();
        RecordTable table = new RecordTable(config.ttl().toSeconds());
        Map<Name, Record> clusterIpPtrs = new LinkedHashMap<>();
        Map<Name, List<Record>> endpointPtrs = new TreeMap<>();
        ServiceRecords services = new ServiceRecords(table, clusterIpPtrs, endpointPtrs);
        Map<String, List<EndpointSlice>> slices = slicesByService(objects.endpointSlices());
        for (Service service : sorted(objects.services())) {
            String ns = service.getMetadata().getNamespace();
            String name = service.getMetadata().getName();
            if (service.getSpec() == null || !validLabel(ns) || !validLabel(name)) {
                continue;
            }
            Optional<Name> svcName = ServiceRecords.child(name + "." + ns + ".svc", origin);
            svcName.ifPresent(n -> services.add(service, n,
                    readyEndpoints(service, slices.getOrDefault(ns + "/" + name, List.of()))));
        }
        clusterIpPtrs.values().forEach(table::add);
        endpointPtrs.forEach((reverse, ptrs) -> {
            if (!clusterIpPtrs.containsKey(reverse)) {
                ptrs.forEach(table::add);
            }
        });
        addApex(table, origin, objects.services(), services);
        table.add(ClusterZone.soa(origin, table.ttl(), serial));
        return new ClusterZone(origin, config.ttl().toSeconds(), serial, table.finish(), namespaces(objects));
    }

    // SOA and NS at the apex, dns-version TXT, and ns.dns.<zone> pointing at the kube-dns Service. Like CoreDNS
    // (kubernetes plugin, nsAddrs), the NS names the DNS Service itself, whose address records are its glue; CoreDNS
    // falls back to ns.dns.<zone> when it finds no Service for its pods, and so do we without a kube-dns Service.
    private static void addApex(RecordTable table, Name origin, List<Service> all, ServiceRecords services) {
        Name nsName = Name.fromConstantString("ns.dns." + origin);
        Name dnsService = Name.fromConstantString(DNS_SERVICE + "." + DNS_NAMESPACE + ".svc." + origin);
        boolean served = table.has(dnsService, Type.A) || table.has(dnsService, Type.AAAA);
        table.add(new NSRecord(origin, DClass.IN, table.ttl(), served ? dnsService : nsName));
        table.add(new TXTRecord(Name.fromConstantString("dns-version." + origin), DClass.IN, SCHEMA_TTL,
                SCHEMA_VERSION));
        all.stream()
                .filter(s -> DNS_NAMESPACE.equals(s.getMetadata().getNamespace())
                        && DNS_SERVICE.equals(s.getMetadata().getName()) && s.getSpec() != null)
                .flatMap(s -> ServiceRecords.clusterIps(s).stream())
                .forEach(ip -> table.add(services.address(nsName, ip)));
    }

    private static Map<String, List<EndpointSlice>> slicesByService(List<EndpointSlice> slices) {
        Map<String, List<EndpointSlice>> byService = new TreeMap<>();
        for (EndpointSlice slice : sorted(slices)) {
            Map<String, String> labels = slice.getMetadata().getLabels();
            String service = labels == null ? null : labels.get(SERVICE_NAME_LABEL);
            if (service != null) {
                byService.computeIfAbsent(slice.getMetadata().getNamespace() + "/" + service, k -> new ArrayList<>())
                        .add(slice);
            }
        }
        return byService;
    }

    /**
     * {@return the service's ready endpoint addresses, deduplicated}: {@code conditions.ready} unset counts as ready
     * (CoreDNS {@code endpointsliceReady}), and {@code publishNotReadyAddresses} makes every address ready. The
     * label is the endpoint's {@code hostname} when it is a valid DNS label, else the dashed IP.
     */
    static List<ReadyEndpoint> readyEndpoints(Service service, List<EndpointSlice> slices) {
        boolean publishAll = Boolean.TRUE.equals(service.getSpec().getPublishNotReadyAddresses());
        Map<String, ReadyEndpoint> unique = new LinkedHashMap<>();
        for (EndpointSlice slice : slices) {
            if ("FQDN".equals(slice.getAddressType()) || slice.getEndpoints() == null) {
                continue;
            }
            List<EndpointPort> ports = Optional.ofNullable(slice.getPorts()).orElse(List.of());
            for (Endpoint endpoint : slice.getEndpoints()) {
                boolean ready = endpoint.getConditions() == null || endpoint.getConditions().getReady() == null
                        || endpoint.getConditions().getReady();
                if (!ready && !publishAll) {
                    continue;
                }
                for (String text : Optional.ofNullable(endpoint.getAddresses()).orElse(List.of())) {
                    Optional<InetAddress> ip = DashedIp.literal(text);
                    if (ip.isEmpty()) {
                        continue;
                    }
                    String hostname = endpoint.getHostname();
                    String label = hostname != null && validLabel(hostname) ? hostname : DashedIp.label(ip.get());
                    unique.putIfAbsent(label + "/" + ip.get().getHostAddress(),
                            new ReadyEndpoint(label, ip.get(), ports));
                }
            }
        }
        return List.copyOf(unique.values());
    }

    private static TreeSet<String> namespaces(ClusterObjects objects) {
        TreeSet<String> names = new TreeSet<>();
        Stream.of(objects.services(), objects.endpointSlices(), objects.pods())
                .flatMap(List::stream)
                .map(o -> o.getMetadata().getNamespace())
                .filter(ns -> ns != null && !ns.isEmpty())
                .forEach(names::add);
        objects.namespaces().stream().map(n -> n.getMetadata().getName()).filter(n -> n != null).forEach(names::add);
        return names;
    }

    private static <T extends HasMetadata> List<T> sorted(List<T> objects) {
        return objects.stream()
                .filter(o -> o.getMetadata() != null && o.getMetadata().getName() != null
                        && o.getMetadata().getNamespace() != null)
                .sorted(Comparator.comparing((T o) -> o.getMetadata().getNamespace())
                        .thenComparing(o -> o.getMetadata().getName()))
                .toList();
    }

    static boolean validLabel(String text) {
        return text != null && LABEL.matcher(text).matches();
    }
}
