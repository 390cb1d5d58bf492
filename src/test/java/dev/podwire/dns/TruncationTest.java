package dev.podwire.dns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import org.junit.jupiter.api.Test;

/** Pure: replies cut to a limit the way miekg/dns {@code Msg.Truncate} (CoreDNS's scrub) cuts them. */
class TruncationTest {
    private static final Name SRV = Name.fromConstantString("_http._tcp.web.default.svc.cluster.local.");

    private static Message srvReply(int targets) throws IOException {
        Message reply = Message.newQuery(Record.newRecord(SRV, Type.SRV, DClass.IN));
        reply.getHeader().setFlag(Flags.QR);
        for (int i = 0; i < targets; i++) {
            Name target = Name.fromConstantString("endpoint-number-" + i + ".web.default.svc.cluster.local.");
            reply.addRecord(new SRVRecord(SRV, DClass.IN, 5, 0, 10, 80, target), Section.ANSWER);
            reply.addRecord(new ARecord(target, DClass.IN, 5, InetAddress.getByName("10.244.0." + (i + 1))),
                    Section.ADDITIONAL);
        }
        return reply;
    }

    @Test
    void aReplyThatFitsIsLeftAloneWithoutTc() throws IOException {
        Message reply = srvReply(2);
        byte[] wire = Truncation.toWire(reply, 512);
        assertArrayEquals(reply.toWire(), wire);
        assertFalse(new Message(wire).getHeader().getFlag(Flags.TC));
    }

    @Test
    void answersComeFirstThenAdditionalRecordsWhileTheyFitAndAnyLossSetsTc() throws IOException {
        Message reply = srvReply(6);
        byte[] wire = Truncation.toWire(reply, 512);
        Message cut = new Message(wire);
        assertTrue(wire.length <= 512, "length " + wire.length);
        assertEquals(6, cut.getSection(Section.ANSWER).size(), "every SRV record fits");
        int glue = cut.getSection(Section.ADDITIONAL).size();
        assertTrue(glue > 0 && glue < 6, "some glue: " + glue);
        assertTrue(cut.getHeader().getFlag(Flags.TC), "a dropped additional record sets TC too, as miekg/dns does");
        assertEquals(reply.getSection(Section.ADDITIONAL).subList(0, glue), cut.getSection(Section.ADDITIONAL));
    }
}
