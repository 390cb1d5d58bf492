package dev.podwire.dns;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * One query's wire work: parse (dnsjava), check, resolve, forward when asked to, build the reply and fit it to the
 * client's limit (CoreDNS {@code request.Scrub}): 512 bytes over UDP without EDNS0, the advertised EDNS0 size
 * otherwise, 65535 over TCP; a reply that does not fit keeps the records that do and gets the TC bit
 * ({@link Truncation}). Never throws: malformed input gets FORMERR or no reply at all, internal failures SERVFAIL.
 */
final class QueryHandler {
    private static final System.Logger LOG = System.getLogger(QueryHandler.class.getName());
    private static final int MIN_UDP = 512;
    private static final int MAX_MESSAGE = 65535;

    /** How the query arrived. */
    enum Transport { UDP, TCP }

    private final ZoneSource zones;
    private final Optional<Upstream> upstream;
    private final DnsMetrics metrics;

    QueryHandler(ZoneSource zones, Optional<Upstream> upstream, DnsMetrics metrics) {
        this.zones = zones;
        this.upstream = upstream;
        this.metrics = metrics;
    }

    /** {@return the reply to {@code wire}, or empty when the input deserves none (too short, or a response)} */
    Optional<byte[]> handle(byte[] wire, Transport transport, boolean ipv6Client) {
        long start = System.nanoTime();
        if (wire.length < Header.LENGTH || (wire[2] & 0x80) != 0) {
            return Optional.empty();
        }
        Message query;
        try {
            query = new Message(wire);
        } catch (IOException | RuntimeException e) {
            metrics.response(Rcode.FORMERR, "", 0, System.nanoTime() - start);
            return Optional.of(formErr(wire));
        }
        int type = query.getQuestion() == null ? 0 : query.getQuestion().getType();
        metrics.request(transport == Transport.UDP ? "udp" : "tcp", ipv6Client, type);
        Replied replied;
        try {
            replied = reply(query, transport);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "dns query failed question=" + query.getQuestion() + " error=" + e);
            replied = new Replied(skeleton(query, Rcode.SERVFAIL), "");
        }
        Message reply = replied.message();
        String plugin = replied.plugin();
        metrics.response(reply.getRcode(), plugin, type, System.nanoTime() - start);
        return Optional.of(Truncation.toWire(reply, maxLength(query, transport)));
    }

    /** A reply and the CoreDNS plugin that would have written it (the {@code plugin} label of the metrics). */
    private record Replied(Message message, String plugin) {}

    private Replied reply(Message query, Transport transport) {
        if (query.getHeader().getOpcode() != Opcode.QUERY) {
            return new Replied(skeleton(query, Rcode.NOTIMP), "");
        }
        if (query.getSection(Section.QUESTION).size() != 1) {
            return new Replied(skeleton(query, Rcode.FORMERR), "");
        }
        OPTRecord opt = query.getOPT();
        if (opt != null && opt.getVersion() != 0) {
            return new Replied(skeleton(query, Rcode.BADVERS), "");
        }
        Record question = query.getQuestion();
        LookupOutcome outcome = Resolver.resolve(zones.current(), question.getName(), question.getType(),
                question.getDClass(), upstream.isPresent());
        Message reply = skeleton(query, Rcode.NOERROR);
        switch (outcome) {
            case LookupOutcome.Answer(var records, var additional) -> {
                reply.getHeader().setFlag(Flags.AA);
                records.forEach(r -> reply.addRecord(r, Section.ANSWER));
                additional.forEach(r -> reply.addRecord(r, Section.ADDITIONAL));
            }
            case LookupOutcome.NxDomain(var soa) -> {
                reply.getHeader().setFlag(Flags.AA);
                reply.getHeader().setRcode(Rcode.NXDOMAIN);
                reply.addRecord(soa, Section.AUTHORITY);
            }
            case LookupOutcome.NoData(var soa) -> {
                reply.getHeader().setFlag(Flags.AA);
                reply.addRecord(soa, Section.AUTHORITY);
            }
            case LookupOutcome.Cname(var chain, var target) -> {
                reply.getHeader().setFlag(Flags.AA);
                chain.forEach(r -> reply.addRecord(r, Section.ANSWER));
                Message chase = Message.newQuery(Record.newRecord(target, question.getType(), DClass.IN));
                upstream.flatMap(u -> u.exchange(chase, transport))
                        .ifPresent(m -> m.getSection(Section.ANSWER).forEach(r -> reply.addRecord(r, Section.ANSWER)));
            }
            case LookupOutcome.Refused _ -> {
                reply.getHeader().setRcode(Rcode.REFUSED);
                return new Replied(reply, "");
            }
            case LookupOutcome.Forward _ -> {
                return new Replied(upstream.flatMap(u -> u.exchange(query, transport))
                        .orElseGet(() -> skeleton(query, Rcode.SERVFAIL)), "forward");
            }
        }
        return new Replied(reply, "kubernetes");
    }

    // A reply carrying the query's id, opcode, RD and CD bits and question, plus an OPT when the query had one
    // (miekg/dns SetReply, which CoreDNS uses, copies RD and CD).
    private static Message skeleton(Message query, int rcode) {
        Message reply = new Message(query.getHeader().getID());
        Header header = reply.getHeader();
        header.setFlag(Flags.QR);
        header.setOpcode(query.getHeader().getOpcode());
        for (int flag : new int[] {Flags.RD, Flags.CD}) {
            if (query.getHeader().getFlag(flag)) {
                header.setFlag(flag);
            }
        }
        header.setRcode(rcode & 0xF);
        List<Record> question = query.getSection(Section.QUESTION);
        if (question.size() == 1) {
            reply.addRecord(question.getFirst(), Section.QUESTION);
        }
        OPTRecord opt = query.getOPT();
        if (opt != null) {
            reply.addRecord(new OPTRecord(udpSize(opt), rcode >>> 4, 0), Section.ADDITIONAL);
        }
        return reply;
    }

    // FORMERR for bytes dnsjava cannot parse: only the header's id and opcode are trusted.
    private static byte[] formErr(byte[] wire) {
        int id = ((wire[0] & 0xff) << 8) | (wire[1] & 0xff);
        Message reply = new Message(id);
        reply.getHeader().setFlag(Flags.QR);
        reply.getHeader().setOpcode((wire[2] >>> 3) & 0xF);
        reply.getHeader().setRcode(Rcode.FORMERR);
        return reply.toWire();
    }

    private static int maxLength(Message query, Transport transport) {
        if (transport == Transport.TCP) {
            return MAX_MESSAGE;
        }
        OPTRecord opt = query.getOPT();
        return opt == null ? MIN_UDP : udpSize(opt);
    }

    private static int udpSize(OPTRecord opt) {
        return Math.clamp(opt.getPayloadSize(), MIN_UDP, MAX_MESSAGE);
    }
}
