package dev.podwire.proxy;

/** {@code Service.spec.sessionAffinity}: whether one client keeps reaching the same endpoint. */
public sealed interface SessionAffinity {
    /** No affinity: every new connection picks an endpoint at random. */
    record None() implements SessionAffinity {}

    /**
     * {@code ClientIP}: a client's connections stick to the endpoint it first reached.
     *
     * @param timeoutSeconds how long an idle client stays bound, 1..86400 (Kubernetes default 10800)
     */
    record ClientIp(int timeoutSeconds) implements SessionAffinity {
        /** Validates. */
        public ClientIp {
            if (timeoutSeconds < 1 || timeoutSeconds > 86400) {
                throw new IllegalArgumentException("timeoutSeconds: " + timeoutSeconds + " (expected: 1..86400)");
            }
        }
    }

    /** {@return no affinity} */
    static SessionAffinity none() {
        return new None();
    }

    /** {@return ClientIP affinity with Kubernetes' default timeout of 10800 seconds} */
    static SessionAffinity clientIp() {
        return new ClientIp(10800);
    }
}
