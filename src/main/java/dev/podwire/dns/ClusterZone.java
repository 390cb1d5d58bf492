package dev.podwire.dns;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;

/**
 * An immutable snapshot of the cluster zone (and the reverse records of cluster addresses), built by
 * {@link ZoneBuilder} and read by {@link Resolver}. Owner names compare case-insensitively (dnsjava {@link Name}).
 * Pod records ({@code a-b-c-d.<ns>.pod.<zone>}) are not stored: the resolver synthesizes them, as CoreDNS's
 * {@code pods insecure} mode does.
 */
public final class ClusterZone {
    /** SOA refresh, retry and expire as CoreDNS writes them (seconds). */
    static final long SOA_REFRESH = 7200;
    static final long SOA_RETRY = 1800;
    static final long SOA_EXPIRE = 86400;

    private final Name origin;
    private final long ttl;
    private final long serial;
    private final SortedMap<Name, Map<Integer, List<Record>>> records;
    private final Set<String> namespaces;

    ClusterZone(Name origin, long ttl, long serial, SortedMap<Name, Map<Integer, List<Record>>> records,
            Set<String> namespaces) {
        this.origin = requireNonNull(origin, "origin");
        this.ttl = ttl;
        this.serial = serial;
        SortedMap<Name, Map<Integer, List<Record>>> copy = new TreeMap<>();
        records.forEach((name, byType) -> {
            SortedMap<Integer, List<Record>> types = new TreeMap<>();
            byType.forEach((type, list) -> types.put(type, List.copyOf(list)));
            copy.put(name, Collections.unmodifiableSortedMap(types));
        });
        this.records = Collections.unmodifiableSortedMap(copy);
        TreeSet<String> lower = new TreeSet<>();
        namespaces.forEach(ns -> lower.add(ns.toLowerCase(Locale.ROOT)));
        this.namespaces = Collections.unmodifiableSortedSet(lower);
    }

    /** {@return an empty zone for {@code config}: only SOA, NS and {@code dns-version}} */
    public static ClusterZone empty(ZoneConfig config, long serial) {
        return ZoneBuilder.build(ClusterObjects.empty(), config, serial);
    }

    /** {@return the zone apex, e.g. {@code cluster.local.}} */
    public Name origin() {
        return origin;
    }

    /** {@return the TTL of ordinary records, in seconds} */
    public long ttl() {
        return ttl;
    }

    /** {@return the SOA serial (unix time of the cluster change this snapshot reflects)} */
    public long serial() {
        return serial;
    }

    /** {@return the SOA of {@code apex} as CoreDNS writes it; negative answers carry it in the authority section} */
    public SOARecord soa(Name apex) {
        return soa(apex, ttl, serial);
    }

    static SOARecord soa(Name apex, long ttl, long serial) {
        Name ns = Name.fromConstantString("ns.dns." + apex);
        Name mbox = Name.fromConstantString("hostmaster." + apex);
        return new SOARecord(apex, DClass.IN, Math.min(ttl, 300), ns, mbox, serial, SOA_REFRESH, SOA_RETRY,
                SOA_EXPIRE, ttl);
    }

    /** {@return the SOA of the cluster zone} */
    public SOARecord soa() {
        return soa(origin);
    }

    /** {@return whether {@code name} owns any stored record} */
    public boolean exists(Name name) {
        return records.containsKey(name);
    }

    /** {@return the stored records of {@code type} owned by {@code name}, in a stable order; empty if none} */
    public List<Record> records(Name name, int type) {
        Map<Integer, List<Record>> byType = records.get(name);
        return byType == null ? List.of() : byType.getOrDefault(type, List.of());
    }

    /** {@return whether the namespace exists for DNS (case-insensitive)} */
    public boolean hasNamespace(String namespace) {
        return namespaces.contains(namespace.toLowerCase(Locale.ROOT));
    }

    /** {@return every stored record in canonical name order then type order, e.g. for dumps and tests} */
    public List<Record> allRecords() {
        List<Record> all = new ArrayList<>();
        records.values().forEach(byType -> byType.values().forEach(all::addAll));
        return List.copyOf(all);
    }

    /** {@return the number of owner names} */
    public int size() {
        return records.size();
    }

    @Override
    public String toString() {
        return "ClusterZone[origin=" + origin + ", serial=" + serial + ", names=" + records.size() + "]";
    }
}
