package dev.podwire.dns;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;
import java.util.SortedMap;
import java.util.TreeMap;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;

/** The mutable record accumulator behind {@link ZoneBuilder}: dedupes RRs and weighs SRV sets at the end. */
final class RecordTable {
    /** One SRV target before its weight is known. */
    record SrvTarget(int port, Name target) {}

    private final long ttl;
    private final SortedMap<Name, Map<Integer, List<Record>>> records = new TreeMap<>();
    private final SortedMap<Name, SequencedSet<SrvTarget>> srv = new TreeMap<>();

    RecordTable(long ttl) {
        this.ttl = ttl;
    }

    long ttl() {
        return ttl;
    }

    /** Adds {@code record} unless an RR with the same owner, type and data is there. */
    void add(Record record) {
        List<Record> list = records.computeIfAbsent(record.getName(), n -> new LinkedHashMap<>())
                .computeIfAbsent(record.getType(), t -> new ArrayList<>());
        if (!list.contains(record)) {
            list.add(record);
        }
    }

    boolean has(Name owner, int type) {
        Map<Integer, List<Record>> byType = records.get(owner);
        return byType != null && byType.containsKey(type);
    }

    /** Adds an SRV target under {@code owner}; duplicates (same target and port) count once, as in CoreDNS. */
    void addSrv(Name owner, int port, Name target) {
        srv.computeIfAbsent(owner, n -> new LinkedHashSet<>()).add(new SrvTarget(port, target));
    }

    /**
     * {@return the records, with SRV sets weighed} like CoreDNS: priority 0, weight {@code floor(100 / n)} (at least
     * 1) where n is the number of targets under the owner name.
     */
    SortedMap<Name, Map<Integer, List<Record>>> finish() {
        srv.forEach((owner, targets) -> {
            int weight = Math.max(1, 100 / targets.size());
            targets.forEach(t -> add(new SRVRecord(owner, DClass.IN, ttl, 0, weight, t.port(), t.target())));
        });
        srv.clear();
        return records;
    }
}
