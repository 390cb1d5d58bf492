package dev.podwire.daemon;

import dev.podwire.rpc.RequestException;
import dev.podwire.rpc.Reply;
import dev.podwire.rpc.Request;
import dev.podwire.labfile.ConfigException;
import dev.podwire.labfile.LabFiles;
import dev.podwire.labfile.ManifestSet;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Verbs that change the cluster: {@code apply}, {@code scale}, {@code delete}, answered as kubectl answers them. The
 * changes themselves go through the lab's {@link ClusterWrites}.
 */
final class Changes {
    private final LabRuntime runtime;

    Changes(LabRuntime runtime) {
        this.runtime = runtime;
    }

    int apply(Request req, Reply reply) {
        ManifestSet set;
        try {
            set = LabFiles.loadManifests(req.args().stream().map(Path::of).toList(), runtime.lab());
        } catch (ConfigException e) {
            throw new RequestException(2, e.getMessage());
        }
        set.warnings().forEach(w -> reply.err("warning: " + w));
        ClusterWrites writes = runtime.writes();
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
        ClusterWrites writes = runtime.writes();
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
        ClusterWrites writes = runtime.writes();
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

    private static String describe(HasMetadata o) {
        String kind = o.getKind().toLowerCase(Locale.ROOT);
        String group = switch (kind) {
            case "deployment", "replicaset" -> ".apps";
            default -> "";
        };
        return kind + group + "/" + o.getMetadata().getName();
    }
}
