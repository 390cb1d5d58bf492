package dev.podwire.netfilter;

import dev.podwire.net.Cidr;
import dev.podwire.net.Ipv4;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The one parser of iptables rule text: splits a line into words as {@code iptables-restore} does, and parses one
 * {@code -A CHAIN ...} rule into matches and a target (see {@link Rule}).
 */
public final class RuleParser {
    private static final Set<String> TOP_LEVEL = Set.of("-m", "--match", "-j", "--jump", "-g", "--goto", "-s",
            "--source", "-d", "--destination", "-p", "--protocol", "-i", "--in-interface", "-o", "--out-interface");

    /** One {@code [!] --option [values]} of a match module or target. */
    private record Option(String name, boolean negated, List<String> values) {
        String value() {
            if (values.isEmpty()) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            return values.getFirst();
        }
    }

    private static final Set<String> STANDARD_TARGETS = Set.of("ACCEPT", "DROP", "RETURN", "REJECT", "DNAT", "SNAT",
            "MASQUERADE", "MARK", "LOG", "CONNMARK", "NFQUEUE", "QUEUE", "CT", "NOTRACK", "REDIRECT", "TPROXY",
            "TRACE", "NFLOG", "CHECKSUM", "TCPMSS", "ULOG");

    private RuleParser() {}

    /** A {@code -m module} and the options given to it so far; options may come after other matches. */
    private record Module(String name, List<Option> options) {}

    private static final Set<String> PORT_OPTIONS = Set.of("--dport", "--destination-port", "--sport",
            "--source-port", "--tcp-flags", "--syn", "--tcp-option");

    /**
     * {@return the rule on {@code line}, e.g. {@code -A KUBE-SERVICES -m comment --comment "a b" -j KUBE-SVC-X}}
     *
     * @throws IllegalArgumentException when the line is not an {@code -A} rule this parser understands
     */
    public static Rule parse(String line) {
        return parse(words(line), line);
    }

    /**
     * {@return the rule given as argv words, e.g. {@code [-A, FORWARD, -m, comment, --comment, a b, -j, X]}}; its
     * {@link Rule#text} is the words in restore form
     *
     * @throws IllegalArgumentException when the words are not an {@code -A} rule this parser understands
     */
    public static Rule parse(List<String> words) {
        return parse(words, RestorePayload.join(words));
    }

    private static Rule parse(List<String> t, String line) {
        try {
            return parseWords(t, line);
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("missing value after " + t.getLast(), e);
        }
    }

    private static Rule parseWords(List<String> t, String line) {
        if (t.size() < 2 || !t.get(0).equals("-A")) {
            throw new IllegalArgumentException("expected -A <chain> ...");
        }
        String chain = t.get(1);
        // Matches in text order; a Module is expanded at the end because iptables lets a loaded module's options
        // appear later in the line (kube-proxy writes "-m tcp -p tcp -d IP --dport 80").
        List<Object> items = new ArrayList<>();
        List<Module> modules = new ArrayList<>();
        RuleTarget target = new RuleTarget.None();
        int i = 2;
        while (i < t.size()) {
            boolean negated = t.get(i).equals("!");
            int at = negated ? i + 1 : i;
            String opt = t.get(at);
            String value = at + 1 < t.size() ? t.get(at + 1) : "";
            switch (opt) {
                case "-s", "--source" -> items.add(new RuleMatch.Source(cidr(value),
                        negated));
                case "-d", "--destination" ->
                    items.add(new RuleMatch.Destination(cidr(value), negated));
                case "-p", "--protocol" -> items.add(new RuleMatch.Protocol(
                        value.toLowerCase(Locale.ROOT), negated));
                case "-i", "--in-interface", "-o", "--out-interface" ->
                    items.add(new RuleMatch.Other(opt, List.of((negated ? "! " : "") + value)));
                case "-m", "--match" -> {
                    Module m = new Module(t.get(i + 1), new ArrayList<>());
                    modules.add(m);
                    items.add(m);
                    i = options(t, i + 2, m.options());
                    continue;
                }
                case "-j", "--jump", "-g", "--goto" -> {
                    List<Option> options = new ArrayList<>();
                    String name = t.get(i + 1);
                    i = options(t, i + 2, options);
                    target = target(name, options);
                    continue;
                }
                default -> {
                    if (!opt.startsWith("--") || modules.isEmpty()) {
                        throw new IllegalArgumentException("unexpected " + opt);
                    }
                    Module owner = modules.getLast();
                    if (PORT_OPTIONS.contains(opt)) {
                        owner = modules.reversed().stream().filter(m -> Set.of("tcp", "udp", "sctp")
                                .contains(m.name())).findFirst().orElse(owner);
                    }
                    i = options(t, i, owner.options());
                    continue;
                }
            }
            i = at + 2;
        }
        List<RuleMatch> matches = new ArrayList<>();
        for (Object item : items) {
            if (item instanceof Module(String name, List<Option> options)) {
                matches.addAll(match(name, options));
            } else {
                matches.add((RuleMatch) item);
            }
        }
        return new Rule(chain, matches, target, line);
    }

    /** Collects {@code [!] --opt [values]} from {@code start} up to the next top-level option; returns its index. */
    private static int options(List<String> t, int start, List<Option> out) {
        int i = start;
        while (i < t.size()) {
            boolean negated = t.get(i).equals("!");
            int at = negated ? i + 1 : i;
            if (at >= t.size() || TOP_LEVEL.contains(t.get(at))) {
                return i;
            }
            String name = t.get(at);
            List<String> values = new ArrayList<>();
            int j = at + 1;
            while (j < t.size() && !t.get(j).startsWith("-") && !t.get(j).equals("!")) {
                values.add(t.get(j++));
            }
            out.add(new Option(name, negated, values));
            i = j;
        }
        return i;
    }

    private static List<RuleMatch> match(String module, List<Option> options) {
        List<RuleMatch> out = new ArrayList<>();
        switch (module) {
            case "tcp", "udp", "sctp" -> {
                for (Option o : options) {
                    if (o.name().equals("--dport") || o.name().equals("--destination-port")) {
                        out.add(new RuleMatch.DestinationPort(Integer.parseInt(o.value()), o.negated()));
                    } else {
                        out.add(new RuleMatch.Other(module, List.of(o.name(), String.join(" ", o.values()))));
                    }
                }
            }
            case "comment" -> out.add(new RuleMatch.Comment(find(options, "--comment").value()));
            case "addrtype" -> {
                for (Option o : options) {
                    out.add(new RuleMatch.AddrType(o.name().equals("--src-type"), o.value(), o.negated()));
                }
            }
            case "statistic" -> {
                if (!find(options, "--mode").value().equals("random")) {
                    throw new IllegalArgumentException("statistic mode other than random");
                }
                out.add(new RuleMatch.Statistic(Double.parseDouble(find(options, "--probability").value())));
            }
            case "recent" -> {
                String name = options.stream().filter(o -> o.name().equals("--name")).findFirst()
                        .map(Option::value).orElse("DEFAULT");
                boolean set = options.stream().anyMatch(o -> o.name().equals("--set"));
                OptionalInt seconds = options.stream().filter(o -> o.name().equals("--seconds"))
                        .mapToInt(o -> Integer.parseInt(o.value())).findFirst();
                out.add(new RuleMatch.Recent(name, set, seconds));
            }
            case "mark" -> {
                Option o = find(options, "--mark");
                int[] vm = valueMask(o.value(), -1);
                out.add(new RuleMatch.Mark(vm[0], vm[1], o.negated()));
            }
            case "conntrack", "state" -> {
                Option o = options.getFirst();
                out.add(new RuleMatch.Conntrack(new HashSet<>(Arrays.asList(o.value().split(","))), o.negated()));
            }
            default -> {
                List<String> args = new ArrayList<>();
                options.forEach(o -> {
                    args.add((o.negated() ? "! " : "") + o.name());
                    args.addAll(o.values());
                });
                out.add(new RuleMatch.Other(module, args));
            }
        }
        return out;
    }

    private static RuleTarget target(String name, List<Option> options) {
        return switch (name) {
            case "ACCEPT" -> new RuleTarget.Accept();
            case "DROP" -> new RuleTarget.Drop();
            case "RETURN" -> new RuleTarget.Return();
            case "REJECT" -> new RuleTarget.Reject(flat(options));
            case "MASQUERADE" -> new RuleTarget.Masquerade(options.stream()
                    .anyMatch(o -> o.name().equals("--random-fully")));
            case "DNAT" -> {
                String to = find(options, "--to-destination").value();
                int colon = to.indexOf(':');
                yield colon < 0 ? new RuleTarget.Dnat(Ipv4.parse(to), OptionalInt.empty())
                        : new RuleTarget.Dnat(Ipv4.parse(to.substring(0, colon)),
                                OptionalInt.of(Integer.parseInt(to.substring(colon + 1))));
            }
            case "MARK" -> mark(options.getFirst());
            default -> STANDARD_TARGETS.contains(name) ? new RuleTarget.Other(name, flat(options))
                    : new RuleTarget.Jump(name);
        };
    }

    private static RuleTarget mark(Option o) {
        return switch (o.name()) {
            case "--or-mark" -> {
                int v = num(o.value());
                yield new RuleTarget.SetMark(v, v);
            }
            case "--xor-mark" -> new RuleTarget.SetMark(num(o.value()), 0);
            case "--and-mark" -> new RuleTarget.SetMark(0, ~num(o.value()));
            case "--set-xmark" -> {
                int[] vm = valueMask(o.value(), -1);
                yield new RuleTarget.SetMark(vm[0], vm[1]);
            }
            case "--set-mark" -> {
                int[] vm = valueMask(o.value(), -1);
                yield new RuleTarget.SetMark(vm[0], vm[1] | vm[0]);
            }
            default -> throw new IllegalArgumentException("MARK " + o.name());
        };
    }

    private static int[] valueMask(String text, int defaultMask) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return new int[] {num(text), defaultMask};
        }
        return new int[] {num(text.substring(0, slash)),
            num(text.substring(slash + 1))};
    }

    /** {@return a 32-bit mark from decimal or 0x hex, 0xffffffff allowed} */
    private static int num(String text) {
        return (int) Long.decode(text).longValue();
    }

    /** {@return a CIDR from {@code 10.0.0.1} or {@code 10.0.0.0/8}} */
    private static Cidr cidr(String text) {
        return Cidr.parse(text.contains("/") ? text : text + "/32");
    }

    private static Option find(List<Option> options, String name) {
        return options.stream().filter(o -> o.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("missing " + name));
    }

    private static List<String> flat(List<Option> options) {
        List<String> out = new ArrayList<>();
        options.forEach(o -> {
            out.add(o.name());
            out.addAll(o.values());
        });
        return out;
    }

    /**
     * {@return the words of {@code line} as {@code iptables-restore} splits them: white space separates, double quotes
     * group (and are removed), a backslash inside quotes escapes the next character}
     *
     * @throws IllegalArgumentException "unterminated quote" when a double quote is not closed
     */
    public static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '\\' && i + 1 < line.length()) {
                cur.append(line.charAt(++i));
            } else if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (!quoted && Character.isWhitespace(c)) {
                if (any) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    any = false;
                }
            } else {
                cur.append(c);
                any = true;
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated quote");
        }
        if (any) {
            out.add(cur.toString());
        }
        return out;
    }
}
