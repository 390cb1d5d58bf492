package dev.podwire.labfile;

import dev.podwire.net.Ipv4;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rules across the objects of one load: no object twice, no node port or ClusterIP claimed twice, and (for a whole
 * lab) every namespace defined. The API server would reject the second claimant, so we do too, before anything runs.
 */
final class ObjectIndex {
    /** Namespaces every cluster has. */
    static final Set<String> BUILT_IN = Set.of("default", "kube-system", "kube-public", "kube-node-lease");

    private record Use(YamlDoc doc, String namespace) {}

    private final Map<String, String> objects = new HashMap<>();
    private final Map<Integer, String> nodePorts = new HashMap<>();
    private final Map<Ipv4, String> clusterIps = new HashMap<>();
    private final Set<String> namespaces = new HashSet<>(BUILT_IN);
    private final List<Use> uses = new ArrayList<>();

    /**
     * Records {@code object} from {@code doc}, of a namespaced kind or not; throws {@link FieldError} when it repeats
     * an earlier claim.
     */
    void add(YamlDoc doc, HasMetadata object, boolean namespaced) {
        String ns = object.getMetadata().getNamespace();
        String id = namespaced ? ns + "/" + object.getMetadata().getName() : object.getMetadata().getName();
        String where = doc.file() + ":" + doc.startLine();
        String prev = objects.putIfAbsent(object.getKind() + " " + id, where);
        if (prev != null) {
            throw new FieldError("metadata.name", object.getKind() + " " + id + " is already defined at " + prev
                    + " (expected: each object once)", "rename or remove one of the two");
        }
        if (object instanceof Namespace) {
            namespaces.add(object.getMetadata().getName());
        }
        if (!namespaced) {
            return;
        }
        uses.add(new Use(doc, ns));
        if (object instanceof Service svc) {
            String owner = "service " + id + " (" + where + ")";
            List<ServicePort> ports = svc.getSpec().getPorts() == null ? List.of() : svc.getSpec().getPorts();
            for (int i = 0; i < ports.size(); i++) {
                Integer np = ports.get(i).getNodePort();
                if (np != null && np != 0 && nodePorts.putIfAbsent(np, owner) != null) {
                    throw new FieldError("spec.ports[" + i + "].nodePort", np + " is already allocated to "
                            + nodePorts.get(np) + " (expected: a free node port)", "leave nodePort out to have one"
                            + " allocated");
                }
            }
            Ipv4.tryParse(svc.getSpec().getClusterIP()).ifPresent(ip -> {
                if (clusterIps.putIfAbsent(ip, owner) != null) {
                    throw new FieldError("spec.clusterIP", ip + " is already allocated to " + clusterIps.get(ip)
                            + " (expected: a free address)", "leave clusterIP out to have one allocated");
                }
            });
        }
    }

    /** Fails on the first object whose namespace is neither built in nor defined by a Namespace in the input. */
    void requireNamespaces() {
        for (Use use : uses) {
            if (!namespaces.contains(use.namespace())) {
                throw use.doc().error(new FieldError("metadata.namespace", use.namespace() + " does not exist"
                        + " (expected: a built-in namespace or a Namespace document in the files)", "add a document"
                        + " {apiVersion: v1, kind: Namespace, metadata: {name: " + use.namespace() + "}}"));
            }
        }
    }
}
