package dev.podwire.dns;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;

/** What the {@link Resolver} decided for one question. */
public sealed interface LookupOutcome {

    /**
     * NOERROR with data (authoritative).
     *
     * @param records    the answer section
     * @param additional the additional section (A/AAAA of SRV targets, NS glue)
     */
    record Answer(List<Record> records, List<Record> additional) implements LookupOutcome {
        public Answer {
            records = List.copyOf(records);
            additional = List.copyOf(additional);
            if (records.isEmpty()) {
                throw new IllegalArgumentException("records: [] (expected: at least one; use NoData)");
            }
        }
    }

    /**
     * NXDOMAIN: the name owns no record of any type.
     *
     * @param soa the zone's SOA for the authority section (its minimum is the negative-caching TTL)
     */
    record NxDomain(SOARecord soa) implements LookupOutcome {
        public NxDomain {
            requireNonNull(soa, "soa");
        }
    }

    /**
     * NOERROR without data: the name exists but has no record of the asked type.
     *
     * @param soa the zone's SOA for the authority section
     */
    record NoData(SOARecord soa) implements LookupOutcome {
        public NoData {
            requireNonNull(soa, "soa");
        }
    }

    /**
     * The answer is a CNAME chain (an ExternalName Service) ending outside the cluster zone; the server resolves
     * {@code target} upstream and appends what it gets.
     *
     * @param chain  the CNAME records, starting at the query name
     * @param target the out-of-zone name the chain ends at
     */
    record Cname(List<Record> chain, Name target) implements LookupOutcome {
        public Cname {
            chain = List.copyOf(chain);
            requireNonNull(target, "target");
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("chain: [] (expected: at least one CNAME)");
            }
        }
    }

    /** REFUSED: not ours and nobody to forward to (or a zone transfer). */
    record Refused() implements LookupOutcome {}

    /** Not ours: pass the query to the upstream resolvers unchanged. */
    record Forward() implements LookupOutcome {}
}
