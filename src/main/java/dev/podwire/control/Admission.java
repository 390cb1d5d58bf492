package dev.podwire.control;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.Service;

/** The outcome of admitting a Service: accepted with its allocated fields filled in, or refused as the apiserver would. */
public sealed interface Admission {

    /**
     * Accepted.
     *
     * @param service the Service with defaults, ClusterIP, node ports and health-check node port filled in
     */
    record Admitted(Service service) implements Admission {
        public Admitted {
            requireNonNull(service, "service");
        }
    }

    /**
     * Refused; nothing was written.
     *
     * @param message the apiserver's message, e.g. {@code The Service "web" is invalid: spec.clusterIP: Invalid
     *                value: "10.96.0.5": provided IP is already allocated}
     */
    record Rejected(String message) implements Admission {
        public Rejected {
            requireNonNull(message, "message");
        }
    }
}
