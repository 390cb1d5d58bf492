package dev.podwire.trace;

import dev.podwire.net.Ipv4;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of {@code conntrack -L}: the connection's original and reply tuples in one place. A reply source that
 * differs from the original destination is a DNAT; a reply destination that differs from the original source is an
 * SNAT (masquerade).
 *
 * @param place where the entry lives
 * @param protocol {@code tcp}, {@code udp}, {@code icmp}
 * @param state the TCP state, empty for others
 * @param original the tuple as the first packet arrived
 * @param reply the tuple the reply is expected to have
 */
public record ConntrackEntry(String place, String protocol, String state, Tuple original, Tuple reply) {
    private static final Pattern FIELD = Pattern.compile("(src|dst|sport|dport|id)=(\\S+)");

    /**
     * One direction's addresses and ports (the ICMP id as both ports).
     *
     * @param src source
     * @param dst destination
     * @param sport source port
     * @param dport destination port
     */
    public record Tuple(Ipv4 src, Ipv4 dst, int sport, int dport) {
        /** {@return {@code src:sport → dst:dport}} */
        public String display() {
            return sport == 0 && dport == 0 ? src + " → " + dst : src + ":" + sport + " → " + dst + ":" + dport;
        }
    }

    /** {@return whether the connection's destination was translated} */
    public boolean dnat() {
        return !reply.src.equals(original.dst) || reply.sport != original.dport;
    }

    /** {@return whether the connection's source was translated} */
    public boolean snat() {
        return !reply.dst.equals(original.src) || reply.dport != original.sport;
    }

    /** {@return the entries in {@code conntrack -L} output} */
    public static List<ConntrackEntry> parse(String place, String output) {
        List<ConntrackEntry> out = new ArrayList<>();
        for (String line : output.lines().toList()) {
            String[] words = line.strip().split("\\s+");
            if (words.length < 4 || !words[0].matches("[a-z]+")) {
                continue;
            }
            String state = words.length > 3 && words[3].matches("[A-Z_]+") ? words[3] : "";
            List<String[]> fields = new ArrayList<>();
            Matcher m = FIELD.matcher(line);
            while (m.find()) {
                fields.add(new String[] {m.group(1), m.group(2)});
            }
            Optional<Tuple> orig = tuple(fields, 0);
            Optional<Tuple> rep = tuple(fields, 1);
            if (orig.isPresent() && rep.isPresent()) {
                out.add(new ConntrackEntry(place, words[0], state, orig.get(), rep.get()));
            }
        }
        return List.copyOf(out);
    }

    private static Optional<Tuple> tuple(List<String[]> fields, int which) {
        String src = nth(fields, "src", which);
        String dst = nth(fields, "dst", which);
        Optional<Ipv4> s = Ipv4.tryParse(src);
        Optional<Ipv4> d = Ipv4.tryParse(dst);
        if (s.isEmpty() || d.isEmpty()) {
            return Optional.empty();
        }
        String sport = nth(fields, "sport", which);
        String dport = nth(fields, "dport", which);
        if (sport.isEmpty()) {
            sport = nth(fields, "id", which);
            dport = sport;
        }
        return Optional.of(new Tuple(s.get(), d.get(), port(sport), port(dport)));
    }

    private static String nth(List<String[]> fields, String key, int n) {
        int seen = 0;
        for (String[] f : fields) {
            if (f[0].equals(key) && seen++ == n) {
                return f[1];
            }
        }
        return "";
    }

    private static int port(String s) {
        return s.matches("[0-9]{1,5}") ? Integer.parseInt(s) : 0;
    }
}
