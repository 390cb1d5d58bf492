package dev.podwire.dns;

import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Fits a reply into the client's limit as CoreDNS does ({@code request.Scrub}, i.e. miekg/dns {@code Msg.Truncate}):
 * records are kept in order (answer, authority, additional) as long as they fit, the OPT record is always kept and
 * counted, and TC is set when any record was left out. dnsjava's own {@code toWire(int)} drops whole RRsets, which
 * leaves a large answer with no record at all (old clients without TCP fallback then get nothing instead of some).
 */
final class Truncation {
    private static final int[] SECTIONS = {Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL};

    private Truncation() {
    }

    /** One record and the section it belongs to. */
    private record Placed(int section, Record record) {}

    /** {@return {@code reply} in wire format, at most {@code limit} bytes, as described above} */
    static byte[] toWire(Message reply, int limit) {
        byte[] whole = reply.toWire();
        if (whole.length <= limit) {
            return whole;
        }
        List<Placed> records = new ArrayList<>();
        for (int section : SECTIONS) {
            for (Record r : reply.getSection(section)) {
                if (!(r instanceof OPTRecord)) {
                    records.add(new Placed(section, r));
                }
            }
        }
        // The size grows with every record added (compression only shortens the later ones), so the longest prefix
        // that fits is found by bisection. The empty prefix (header, question, OPT) always fits 512 bytes.
        int fits = 0;
        int tooLong = records.size();
        while (tooLong - fits > 1) {
            int mid = (fits + tooLong) >>> 1;
            if (prefix(reply, records, mid).toWire().length <= limit) {
                fits = mid;
            } else {
                tooLong = mid;
            }
        }
        Message cut = prefix(reply, records, fits);
        cut.getHeader().setFlag(Flags.TC);
        return cut.toWire();
    }

    // The reply with only the first n records, plus its OPT record.
    private static Message prefix(Message reply, List<Placed> records, int n) {
        Message m = reply.clone();
        for (int section : SECTIONS) {
            m.removeAllRecords(section);
        }
        records.subList(0, n).forEach(p -> m.addRecord(p.record(), p.section()));
        OPTRecord opt = reply.getOPT();
        if (opt != null) {
            m.addRecord(opt, Section.ADDITIONAL);
        }
        return m;
    }
}
