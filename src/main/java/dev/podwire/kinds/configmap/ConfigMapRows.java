package dev.podwire.kinds.configmap;

import dev.podwire.kinds.Age;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** kubectl's config map columns ({@code printConfigMap}): DATA counts keys; {@code -o wide} adds nothing. */
public final class ConfigMapRows {
    /** The columns. */
    public static final List<String> HEADER = List.of("NAME", "DATA", "AGE");

    private ConfigMapRows() {}

    /** {@return the cells of {@code cm}'s row} */
    public static List<String> row(ConfigMap cm, Instant now, boolean wide) {
        return List.of(cm.getMetadata().getName(),
                Integer.toString((cm.getData() == null ? 0 : cm.getData().size())
                        + (cm.getBinaryData() == null ? 0 : cm.getBinaryData().size())),
                Age.since(Optional.ofNullable(cm.getMetadata().getCreationTimestamp()), now));
    }
}
