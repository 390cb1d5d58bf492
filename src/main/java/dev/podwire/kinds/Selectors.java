package dev.podwire.kinds;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** kubectl's text form of selectors ({@code labels.FormatLabels}, {@code metav1.FormatLabelSelector}). */
public final class Selectors {
    private Selectors() {}

    /** {@return {@code app=nginx,tier=web}, sorted by key; {@code <none>} when empty} */
    public static String labels(Map<String, String> labels) {
        if (labels == null || labels.isEmpty()) {
            return "<none>";
        }
        List<String> parts = new ArrayList<>();
        new TreeMap<>(labels).forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(",", parts);
    }

    /** {@return matchLabels and matchExpressions in one sorted list, e.g. {@code app=nginx,tier in (a,b)}} */
    public static String selector(LabelSelector selector) {
        if (selector == null) {
            return "<none>";
        }
        TreeMap<String, List<String>> byKey = new TreeMap<>();
        Optional.ofNullable(selector.getMatchLabels()).orElse(Map.of())
                .forEach((k, v) -> byKey.computeIfAbsent(k, _ -> new ArrayList<>()).add(k + "=" + v));
        for (LabelSelectorRequirement r : Optional.ofNullable(selector.getMatchExpressions()).orElse(List.of())) {
            List<String> values = r.getValues() == null ? List.of() : r.getValues().stream().sorted().toList();
            String text = switch (r.getOperator()) {
                case "In" -> r.getKey() + " in (" + String.join(",", values) + ")";
                case "NotIn" -> r.getKey() + " notin (" + String.join(",", values) + ")";
                case "Exists" -> r.getKey();
                case "DoesNotExist" -> "!" + r.getKey();
                default -> r.getKey() + " " + r.getOperator();
            };
            byKey.computeIfAbsent(r.getKey(), _ -> new ArrayList<>()).add(text);
        }
        List<String> parts = byKey.values().stream().flatMap(List::stream).toList();
        return parts.isEmpty() ? "<none>" : String.join(",", parts);
    }
}
