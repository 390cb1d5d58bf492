package dev.podwire.daemon;

import dev.podwire.rpc.RequestException;
import dev.podwire.rpc.Reply;
import dev.podwire.rpc.Request;
import dev.podwire.cluster.ClusterStore;
import dev.podwire.cluster.ResourceType;
import dev.podwire.cluster.WriteResult;
import dev.podwire.labfile.ConfigException;
import dev.podwire.labfile.LabFiles;
import dev.podwire.labfile.ManifestSet;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Verbs that change the cluster: {@code apply}, {@code scale}, {@code delete}, answered as kubectl answers them. */
final class Changes {
    private final LabRuntime runtime;

    Changes(LabRuntime runtime) {
        this.runtime = runtime;
    }

    int apply(Request req, Reply reply) {
        ManifestSet set;
        try {
            set = LabFiles.loadManifests(req.args().stream().map(Path::of).toList(), runtime.lab(),
                    runtime.cluster().kinds().all());
        } catch (ConfigException e) {
            throw new RequestException(2, e.getMessage());
        }
        set.warnings().forEach(w -> reply.err("warning: " + w));
        ClusterStore c = runtime.cluster();
        for (HasMetadata o : set.objects()) {
            if (o.getMetadata().getNamespace() == null && !(o instanceof Namespace)) {
                o.getMetadata().setNamespace("default");
            }
            reply.out(describe(o) + " " + (runtime.write(o) ? "configured" : "created"));
        }
        return 0;
    }

    int scale(Request req, Reply reply) {
        Target t = Target.parse(req.args().get(0));
        int replicas = Integer.parseInt(req.args().get(1));
        String ns = req.option("namespace", "default");
        WriteResult<?> r = switch (t.kind()) {
            case "deployment" -> runtime.cluster().scale(ns, t.name(), replicas);
            case "replicaset" -> runtime.cluster().modify(ResourceType.REPLICA_SET, ns, t.name(), rs -> {
                rs.getSpec().setReplicas(replicas);
                return rs;
            });
            default -> throw new RequestException(2, "scale " + t + " (expected: deployment/NAME or replicaset/NAME)");
        };
        if (r instanceof WriteResult.NotFound<?>) {
            throw new RequestException(1, t.kind() + "s \"" + t.name() + "\" not found in namespace " + ns);
        }
        reply.out((t.kind().equals("deployment") ? "deployment.apps/" : "replicaset.apps/") + t.name() + " scaled");
        return 0;
    }

    int delete(Request req, Reply reply) {
        String ns = req.option("namespace", "default");
        ClusterStore c = runtime.cluster();
        for (String arg : req.args()) {
            Target t = Target.parse(arg);
            boolean found = switch (t.kind()) {
                // Exact names only: a prefix is convenient for exec, not for a destructive verb (kubectl agrees).
                case "pod" -> c.requestPodDeletion(ns, t.name());
                case "deployment" -> {
                    // Cascade as the garbage collector does: the deployment's replicasets, then their pods.
                    boolean existed = c.delete(ResourceType.DEPLOYMENT, ns, t.name());
                    for (ReplicaSet rs : owned(c.list(ResourceType.REPLICA_SET, ns), t.name())) {
                        deleteReplicaSet(ns, rs.getMetadata().getName());
                    }
                    yield existed;
                }
                case "replicaset" -> deleteReplicaSet(ns, t.name());
                case "service" -> c.delete(ResourceType.SERVICE, ns, t.name());
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

    private boolean deleteReplicaSet(String ns, String name) {
        ClusterStore c = runtime.cluster();
        boolean existed = c.delete(ResourceType.REPLICA_SET, ns, name);
        for (Pod p : owned(c.list(ResourceType.POD, ns), name)) {
            c.requestPodDeletion(ns, p.getMetadata().getName());
        }
        return existed;
    }

    private static <T extends HasMetadata> List<T> owned(List<T> objects, String owner) {
        return objects.stream().filter(o -> Optional.ofNullable(o.getMetadata().getOwnerReferences())
                .orElse(List.of()).stream().map(OwnerReference::getName).anyMatch(owner::equals)).toList();
    }

    /** {@return kubectl's {@code kind.group/name} of {@code o}, e.g. {@code deployment.apps/web}, {@code pod/x}} */
    private String describe(HasMetadata o) {
        ResourceType<?> type = runtime.cluster().kinds().of(o);
        String group = type.group().isEmpty() ? "" : "." + type.group();
        return type.kind().toLowerCase(Locale.ROOT) + group + "/" + o.getMetadata().getName();
    }
}
