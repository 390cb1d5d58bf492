package dev.podwire.dns;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Type;

/**
 * Answers one question from a {@link ClusterZone} the way CoreDNS's {@code kubernetes} plugin does (with
 * {@code pods insecure}, reverse zones {@code in-addr.arpa ip6.arpa} and {@code fallthrough} to {@code forward}).
 * Pure. Matching is case-insensitive and answer owner names echo the query's spelling.
 */
public final class Resolver {
    private static final Name IN_ADDR = Name.fromConstantString("in-addr.arpa.");
    private static final Name IP6 = Name.fromConstantString("ip6.arpa.");
    private static final int MAX_CHAIN = 10;

    private Resolver() {
    }

    /**
     * {@return the outcome for question {@code qname}/{@code type}/{@code dclass}}; {@code canForward} says whether
     * an upstream is configured (names outside the zones and reverse misses then become {@link LookupOutcome.Forward}).
     */
    public static LookupOutcome resolve(ClusterZone zone, Name qname, int type, int dclass, boolean canForward) {
        requireNonNull(zone, "zone");
        requireNonNull(qname, "qname");
        if (type == Type.AXFR || type == Type.IXFR) {
            return new LookupOutcome.Refused();
        }
        boolean ours = qname.subdomain(zone.origin());
        Optional<Name> reverseApex = qname.subdomain(IN_ADDR) ? Optional.of(IN_ADDR)
                : qname.subdomain(IP6) ? Optional.of(IP6) : Optional.empty();
        if (!ours && reverseApex.isEmpty()) {
            return canForward ? new LookupOutcome.Forward() : new LookupOutcome.Refused();
        }
        if (dclass != DClass.IN && dclass != DClass.ANY) {
            return new LookupOutcome.Refused();
        }
        if (ours) {
            return inZone(zone, qname, type, canForward, 0);
        }
        // Reverse names: ours when we hold a PTR, otherwise fall through to the upstream like CoreDNS's default
        // Corefile (fallthrough in-addr.arpa ip6.arpa).
        if (zone.exists(qname)) {
            List<Record> ptrs = zone.records(qname, Type.PTR);
            return type == Type.PTR && !ptrs.isEmpty()
                    ? new LookupOutcome.Answer(echo(ptrs, qname), List.of())
                    : new LookupOutcome.NoData(zone.soa(reverseApex.get()));
        }
        return canForward ? new LookupOutcome.Forward() : new LookupOutcome.NxDomain(zone.soa(reverseApex.get()));
    }

    private static LookupOutcome inZone(ClusterZone zone, Name qname, int type, boolean canForward, int depth) {
        if (zone.exists(qname)) {
            List<Record> cname = zone.records(qname, Type.CNAME);
            if (!cname.isEmpty()) {
                return externalName(zone, qname, (CNAMERecord) cname.getFirst(), type, canForward, depth);
            }
            // ANY and every type CoreDNS has no records for take its "fake A lookup" branch: NODATA here.
            List<Record> records = type == Type.ANY ? List.of() : zone.records(qname, type);
            if (records.isEmpty()) {
                return new LookupOutcome.NoData(zone.soa());
            }
            return new LookupOutcome.Answer(echo(records, qname), additional(zone, records));
        }
        String[] base = relativeLabels(qname, zone.origin());
        int n = base.length;
        String last = n == 0 ? "" : base[n - 1];
        boolean structural = last.equals("svc") || last.equals("pod");
        if (n == 1 && structural) {
            return new LookupOutcome.NoData(zone.soa());
        }
        if (n == 2 && structural) {
            return zone.hasNamespace(base[0]) ? new LookupOutcome.NoData(zone.soa())
                    : new LookupOutcome.NxDomain(zone.soa());
        }
        if (n == 3 && last.equals("pod") && zone.hasNamespace(base[1])) {
            Optional<InetAddress> ip = DashedIp.parse(base[0]);
            if (ip.isPresent()) {
                int family = DashedIp.isV4(ip.get()) ? Type.A : Type.AAAA;
                return type == family
                        ? new LookupOutcome.Answer(List.of(type == Type.A
                                ? new ARecord(qname, DClass.IN, zone.ttl(), ip.get())
                                : new AAAARecord(qname, DClass.IN, zone.ttl(), ip.get())), List.of())
                        : new LookupOutcome.NoData(zone.soa());
            }
        }
        return new LookupOutcome.NxDomain(zone.soa());
    }

    // ExternalName: the CNAME alone for CNAME queries; for A, AAAA and TXT the chain is chased (in zone here, out of
    // zone by the server); other types get NODATA, as CoreDNS filters the CNAME out of them.
    private static LookupOutcome externalName(ClusterZone zone, Name qname, CNAMERecord cname, int type,
            boolean canForward, int depth) {
        List<Record> chain = List.of(cname.withName(qname));
        if (type == Type.CNAME) {
            return new LookupOutcome.Answer(chain, List.of());
        }
        if (type != Type.A && type != Type.AAAA && type != Type.TXT) {
            return new LookupOutcome.NoData(zone.soa());
        }
        Name target = cname.getTarget();
        if (!target.subdomain(zone.origin())) {
            return canForward ? new LookupOutcome.Cname(chain, target) : new LookupOutcome.Answer(chain, List.of());
        }
        if (depth >= MAX_CHAIN) {
            return new LookupOutcome.Answer(chain, List.of());
        }
        return switch (inZone(zone, target, type, canForward, depth + 1)) {
            case LookupOutcome.Answer(var records, var additional) ->
                    new LookupOutcome.Answer(concat(chain, records), additional);
            case LookupOutcome.Cname(var rest, var end) -> new LookupOutcome.Cname(concat(chain, rest), end);
            case LookupOutcome.NxDomain _, LookupOutcome.NoData _, LookupOutcome.Refused _, LookupOutcome.Forward _ ->
                    new LookupOutcome.Answer(chain, List.of());
        };
    }

    // SRV targets' addresses and the NS glue go in the additional section.
    private static List<Record> additional(ClusterZone zone, List<Record> records) {
        List<Record> extra = new ArrayList<>();
        for (Record record : records) {
            Name target = switch (record) {
                case SRVRecord srv -> srv.getTarget();
                case NSRecord ns -> ns.getTarget();
                default -> null;
            };
            if (target != null) {
                for (Record address : concat(zone.records(target, Type.A), zone.records(target, Type.AAAA))) {
                    if (!extra.contains(address)) {
                        extra.add(address);
                    }
                }
            }
        }
        return extra;
    }

    private static List<Record> echo(List<Record> records, Name qname) {
        return records.stream().map(r -> r.getName().equals(qname) ? r.withName(qname) : r).toList();
    }

    private static String[] relativeLabels(Name qname, Name origin) {
        int n = qname.labels() - origin.labels();
        String[] labels = new String[n];
        for (int i = 0; i < n; i++) {
            labels[i] = qname.getLabelString(i).toLowerCase(Locale.ROOT);
        }
        return labels;
    }

    private static List<Record> concat(List<Record> a, List<Record> b) {
        List<Record> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
