package dev.podwire.proxy.iptables;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * kube-proxy's test normaliser ({@code sortIPTablesRules}): per table, chains KUBE-NODEPORTS and KUBE-SERVICES
 * first, then alphabetical; rules grouped by chain in that order; KUBE-SERVICES and KUBE-NODEPORTS rules stably
 * sorted by the service named in their comment, the "must be the last rule" rule kept last. Comment lines dropped.
 */
final class KubeProxySort {
    private KubeProxySort() {}

    static String normalize(String payload) {
        StringBuilder out = new StringBuilder();
        List<String> decls = new ArrayList<>();
        Map<String, List<String>> rules = new LinkedHashMap<>();
        List<String> other = new ArrayList<>();
        for (String line : payload.lines().toList()) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            if (line.startsWith("*")) {
                out.append(line).append('\n');
            } else if (line.startsWith(":")) {
                decls.add(line);
            } else if (line.startsWith("-A ")) {
                rules.computeIfAbsent(line.split(" ")[1], k -> new ArrayList<>()).add(line);
            } else if (line.equals("COMMIT")) {
                decls.sort(Comparator.comparing(KubeProxySort::chainKey));
                decls.forEach(d -> out.append(d).append('\n'));
                for (String d : decls) {
                    String chain = d.substring(1, d.indexOf(' '));
                    List<String> rs = new ArrayList<>(rules.getOrDefault(chain, List.of()));
                    if (chain.equals("KUBE-SERVICES") || chain.equals("KUBE-NODEPORTS")) {
                        rs.sort(Comparator.comparing(KubeProxySort::serviceKey));
                    }
                    rs.forEach(r -> out.append(r).append('\n'));
                }
                other.forEach(o -> out.append(o).append('\n'));
                out.append("COMMIT\n");
                decls.clear();
                rules.clear();
                other.clear();
            } else {
                other.add(line);
            }
        }
        return out.toString();
    }

    private static String chainKey(String decl) {
        String chain = decl.substring(1, decl.indexOf(' '));
        return switch (chain) {
            case "KUBE-NODEPORTS" -> "0";
            case "KUBE-SERVICES" -> "1";
            default -> "2" + chain;
        };
    }

    private static String serviceKey(String rule) {
        if (rule.contains("must be the last rule")) {
            return "~";
        }
        int i = rule.indexOf("--comment ");
        if (i < 0) {
            return "";
        }
        String rest = rule.substring(i + "--comment ".length());
        if (rest.startsWith("\"")) {
            rest = rest.substring(1);
        }
        int end = rest.indexOf(' ');
        String name = end < 0 ? rest : rest.substring(0, end);
        return name.endsWith("\"") ? name.substring(0, name.length() - 1) : name;
    }
}
