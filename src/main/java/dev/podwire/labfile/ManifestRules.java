package dev.podwire.labfile;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podwire.net.Cidr;
import dev.podwire.net.Ipv4;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.stream.Stream;

/**
 * How manifests of one kind are read: at the kind's current {@code apiVersion} and at the older {@code legacy}
 * ones (read as the current one, after their {@link Defaults}), then checked by {@code check}, as the API server's
 * validation would ({@link FieldError} names the field, with Kubernetes' wording).
 *
 * @param check  the kind's checks of one bound object
 * @param legacy older API versions still read, in no particular order
 * @param <T>    the model class
 */
public record ManifestRules<T extends HasMetadata>(Check<T> check, List<Legacy> legacy) {
    /** Copies the list. */
    public ManifestRules {
        requireNonNull(check, "check");
        legacy = List.copyOf(legacy);
    }

    /** {@return rules that read the current apiVersion only} */
    public static <T extends HasMetadata> ManifestRules<T> checkedBy(Check<T> check) {
        return new ManifestRules<>(check, List.of());
    }

    /** {@return these rules, also reading {@code versions}} */
    public ManifestRules<T> withLegacy(Legacy... versions) {
        return new ManifestRules<>(check, Stream.concat(legacy.stream(), List.of(versions).stream())
                .toList());
    }

    /** The checks of one kind: throw {@link FieldError} for the first problem. */
    @FunctionalInterface
    public interface Check<T extends HasMetadata> {
        /** Checks {@code object}, bound from a manifest, against the lab it is applied to. */
        void check(T object, Context context);
    }

    /**
     * What checks may read of the lab.
     *
     * @param serviceCidr the lab's Service range ({@code spec.serviceCIDR})
     * @param dnsIp       the cluster DNS address, reserved in that range
     */
    public record Context(Cidr serviceCidr, Ipv4 dnsIp) {
        /** Checks the fields. */
        public Context {
            requireNonNull(serviceCidr, "serviceCidr");
            requireNonNull(dnsIp, "dnsIp");
        }

        /** {@return the context of manifests applied to {@code lab}} */
        public static Context of(LabSpec lab) {
            return new Context(lab.serviceCidr(), lab.dns().clusterIp());
        }
    }

    /**
     * An older apiVersion still read, with a warning, as the current one.
     *
     * @param apiVersion e.g. {@code extensions/v1beta1}
     * @param removedIn  the Kubernetes release that removed it, e.g. {@code 1.16}
     * @param defaults   what the old version defaulted or allowed that the current one does not
     */
    public record Legacy(String apiVersion, String removedIn, Defaults defaults) {
        /** Checks the fields. */
        public Legacy {
            requireNonNull(apiVersion, "apiVersion");
            requireNonNull(removedIn, "removedIn");
            requireNonNull(defaults, "defaults");
        }
    }

    /** Rewrites a legacy document (a copy) into the current version's shape before binding. */
    @FunctionalInterface
    public interface Defaults {
        /** Changes {@code input} in place; {@return warnings about what was dropped, in input order} */
        List<Warning> apply(ObjectNode input);
    }

    /**
     * A warning located at a field of the document, shown as {@code file:line: text}.
     *
     * @param path the field path, e.g. {@code spec.rollbackTo}
     * @param text the warning
     */
    public record Warning(String path, String text) {}
}
