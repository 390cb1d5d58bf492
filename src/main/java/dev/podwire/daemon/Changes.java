package dev.podwire.daemon;

import dev.podwire.rpc.RequestException;
import dev.podwire.rpc.Reply;
import dev.podwire.rpc.Request;
import dev.podwire.labfile.ConfigException;
import dev.podwire.labfile.LabFiles;
import dev.podwire.labfile.ManifestSet;
import dev.podwire.cluster.KindRegistry;
import dev.podwire.cluster.ResourceType;
import dev.podwire.labfile.LabSpec;
import java.util.function.Supplier;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Verbs that change the cluster: {@code apply}, {@code scale}, {@code delete}, answered as kubectl answers them. The
 * changes themselves go through the lab's {@link ClusterWrites}.
 */
final class Changes {
    private final LabSpec lab;
    private final KindRegistry kinds;
    private final Supplier<ClusterWrites> writes;

    /**
     * @param writes the write path, once the control plane runs (it throws before)
     */
    Changes(LabSpec lab, KindRegistry kinds, Supplier<ClusterWrites> writes) {
        this.lab = lab;
        this.kinds = kinds;
        this.writes = writes;
    }

    int apply(Request req, Reply reply) {
        ManifestSet set;
        try {
            set = LabFiles.loadManifests(req.args().stream().map(Path::of).toList(), lab,
                    kinds.all());
        } catch (ConfigException e) {
            throw new RequestException(2, e.getMessage());
        }
        set.warnings().forEach(w -> reply.err("warning: " + w));
        ClusterWrites writes = this.writes.get();
        for (HasMetadata o : set.objects()) {
            ClusterWrites.defaultNamespace(o);
            reply.out(describe(o) + " " + (writes.write(o) ? "configured" : "created"));
        }
        return 0;
    }

    int scale(Request req, Reply reply) {
        Target t = Target.parse(req.args().get(0));
        int replicas = Integer.parseInt(req.args().get(1));
        String ns = req.option("namespace", "default");
        ClusterWrites writes = this.writes.get();
        boolean found = switch (t.kind()) {
            case "deployment" -> writes.scaleDeployment(ns, t.name(), replicas);
            case "replicaset" -> writes.scaleReplicaSet(ns, t.name(), replicas);
            default -> throw new RequestException(2, "scale " + t + " (expected: deployment/NAME or replicaset/NAME)");
        };
        if (!found) {
            throw new RequestException(1, t.kind() + "s \"" + t.name() + "\" not found in namespace " + ns);
        }
        reply.out((t.kind().equals("deployment") ? "deployment.apps/" : "replicaset.apps/") + t.name() + " scaled");
        return 0;
    }

    int delete(Request req, Reply reply) {
        String ns = req.option("namespace", "default");
        ClusterWrites writes = this.writes.get();
        for (String arg : req.args()) {
            Target t = Target.parse(arg);
            boolean found = switch (t.kind()) {
                // Exact names only: a prefix is convenient for exec, not for a destructive verb (kubectl agrees).
                case "pod" -> writes.deletePod(ns, t.name());
                case "deployment" -> writes.deleteDeployment(ns, t.name());
                case "replicaset" -> writes.deleteReplicaSet(ns, t.name());
                case "service" -> writes.deleteService(ns, t.name());
                default -> throw new RequestException(2, "delete " + t + " (expected: pod, deployment, replicaset or "
                        + "service)");
            };
            if (!found) {
                throw new RequestException(1, t.kind() + "s \"" + t.name() + "\" not found in namespace " + ns);
            }
            reply.out(t.kind() + " \"" + t.name() + "\" deleted");
        }
        return 0;
    }

    /** {@return kubectl's {@code kind.group/name} of {@code o}, e.g. {@code deployment.apps/web}, {@code pod/x}} */
    private String describe(HasMetadata o) {
        ResourceType<?> type = kinds.of(o);
        String group = type.group().isEmpty() ? "" : "." + type.group();
        return type.kind().toLowerCase(Locale.ROOT) + group + "/" + o.getMetadata().getName();
    }
}
