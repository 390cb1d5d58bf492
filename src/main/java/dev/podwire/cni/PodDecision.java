package dev.podwire.cni;

import java.util.Set;

/** What adoption does with one pod (or one leftover) of a node after its agent (re)starts. */
public sealed interface PodDecision {

    /** What a repair rebuilds. */
    enum Fix {
        /** Both veth ends are gone: create the pair again into the existing namespace, then the pod side. */
        VETH_PAIR,
        /** The node-side veth is not an up port of {@code cni0} with the right MTU. */
        HOST_VETH,
        /** {@code eth0} is down or has the wrong MTU. */
        POD_LINK,
        /** {@code eth0}'s addresses are not exactly the pod's address (the routes go with them). */
        POD_ADDRESS,
        /** The default route or the pod-network route via {@code cni0}'s address is missing. */
        POD_ROUTES
    }

    /** Everything is in place: adopt it as is (connections and sockets in the namespace stay). */
    record Keep(DesiredPod pod, PodWiring wiring) implements PodDecision {}

    /** The namespace and its address stay, the listed parts are rebuilt. */
    record Repair(DesiredPod pod, PodWiring wiring, Set<Fix> fixes) implements PodDecision {

        /** Copies. */
        public Repair {
            // Enum order, so logs and renders list fixes the same way every time.
            fixes = fixes.isEmpty() ? Set.of() : java.util.Collections.unmodifiableSet(java.util.EnumSet.copyOf(fixes));
        }
    }

    /** No namespace yet: wire the pod from scratch. */
    record Create(DesiredPod pod) implements PodDecision {}

    /** The namespace exists but cannot be trusted ({@code why}): delete it, free its address, then wire afresh. */
    record Recreate(DesiredPod pod, String why) implements PodDecision {}

    /** A pod this node wired that no longer exists here (or is another pod now): its namespace and address go. */
    record Delete(CniCacheEntry cached, String why) implements PodDecision {}

    /** An address held by a container ID no known pod has: give it back to the pool. */
    record Release(String containerId) implements PodDecision {}

}
