package dev.podwire.kubelet;

import dev.podwire.cni.PodWiring;
import dev.podwire.net.Protocol;
import dev.podwire.runtime.ContainerRuntime;
import dev.podwire.runtime.ContainerSpec;
import dev.podwire.runtime.ContainerState;
import dev.podwire.runtime.RunningContainer;
import dev.podwire.workload.PortSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntPredicate;

/**
 * One wired pod's containers, as kubelet keeps them: each started through the node's {@link ContainerRuntime} (or,
 * for an image the lab serves itself, {@link SpecialImages}), restarted per {@code restartPolicy} with back-off when it
 * ends, and tracked ({@link ContainerTrack}) for the pod's status. A container that cannot start waits in
 * {@code RunContainerError} and is retried; it keeps no other container of the pod, or any other pod, from running.
 */
final class PodContainers {
    private static final System.Logger LOG = System.getLogger(PodContainers.class.getName());
    private final KubeletEnv env;
    private final ContainerRuntime runtime;
    private final PodEvents events;
    private final String uid;
    private final PodWiring wiring;
    private final Map<String, ContainerTrack> tracks = new LinkedHashMap<>();
    private final Map<String, AutoCloseable> specials = new LinkedHashMap<>();

    PodContainers(KubeletEnv env, ContainerRuntime runtime, PodEvents events, String uid, PodWiring wiring) {
        this.env = env;
        this.runtime = runtime;
        this.events = events;
        this.uid = uid;
        this.wiring = wiring;
    }

    String uid() {
        return uid;
    }

    PodWiring wiring() {
        return wiring;
    }

    Map<String, ContainerTrack> tracks() {
        return tracks;
    }

    /**
     * Brings the pod's containers in line with what the runtime reports ({@code running}, by container ID):
     * starts those not started, restarts those that ended when their policy says so and their back-off has passed.
     * {@return how many containers were started}
     */
    int reconcile(Pod p, Map<String, RunningContainer> running, Instant now) {
        int started = 0;
        IntPredicate restart = switch (Optional.ofNullable(p.getSpec().getRestartPolicy()).orElse("Always")) {
            case "Never" -> code -> false;
            case "OnFailure" -> code -> code != 0;
            default -> code -> true;
        };
        String podRef = p.getMetadata().getName() + "_" + p.getMetadata().getNamespace() + "(" + uid + ")";
        for (Container c : p.getSpec().getContainers()) {
            ContainerTrack track = tracks.computeIfAbsent(c.getName(), n -> new ContainerTrack(n, podRef));
            ContainerSpec spec = spec(p, c);
            Optional<ContainerState> state = specials.containsKey(c.getName())
                    ? track.running().map(ContainerState::running)
                    : Optional.ofNullable(running.get(spec.id())).map(RunningContainer::state);
            if (track.observe(state, restart, now) == ContainerTrack.Action.START) {
                started += start(p, c, spec, track, now) ? 1 : 0;
            }
        }
        return started;
    }

    /** {@return the earliest time a container waiting in back-off may start, if one waits} */
    Optional<Instant> nextRetry() {
        return tracks.values().stream().map(ContainerTrack::retryAt).flatMap(Optional::stream).min(Instant::compareTo);
    }

    private boolean start(Pod p, Container c, ContainerSpec spec, ContainerTrack track, Instant now) {
        boolean restart = track.restarts() > 0 || track.last().isPresent();
        try {
            Optional<AutoCloseable> special = specials.containsKey(c.getName()) ? Optional.empty()
                    : env.images().start(wiring.pod(), p, c);
            if (special.isPresent()) {
                specials.put(c.getName(), special.get());
            } else {
                RunningContainer rc = runtime.start(spec);
                rc.processes().forEach(env.processes());
            }
            track.startedAt(now);
            events.record(p, "Normal", "Started", "Started container " + c.getName());
            return true;
        } catch (RuntimeException e) {
            String message = Optional.ofNullable(e.getMessage()).orElse(e.toString());
            track.failedToStart(message, now);
            LOG.log(System.Logger.Level.WARNING, "container failed to start pod=" + Sandboxes.key(p) + " container="
                    + c.getName() + (restart ? " restarts=" + track.restarts() : "") + ": " + message);
            events.record(p, "Warning", "Failed", "Error: " + message);
            return false;
        }
    }

    /** Stops every container of the pod and forgets them; a no-op for those that do not run. */
    void stop(Pod p) {
        // Sockets first: a namespace with open sockets outlives `ip netns del` and keeps its links.
        specials.values().forEach(PodContainers::closeQuietly);
        specials.clear();
        for (Container c : p.getSpec().getContainers()) {
            runtime.stop(spec(p, c).id());
        }
        tracks.clear();
    }

    /** Stops what the agent serves itself (its JVM is ending); runtime containers stay with their runtime. */
    void closeSpecials() {
        specials.values().forEach(PodContainers::closeQuietly);
        specials.clear();
    }

    private ContainerSpec spec(Pod p, Container c) {
        List<String> argv = new ArrayList<>(Optional.ofNullable(c.getCommand()).orElse(List.of()));
        if (!argv.isEmpty() && c.getArgs() != null) {
            argv.addAll(c.getArgs());
        }
        String log = argv.isEmpty() ? "" : env.root().resolve("var/log/pods/" + p.getMetadata().getNamespace() + "_"
                + p.getMetadata().getName() + "/" + c.getName() + ".log").toString();
        return new ContainerSpec(wiring.pod().name(), p.getMetadata().getNamespace(), p.getMetadata().getName(), uid,
                c.getName(), Optional.ofNullable(c.getImage()).orElse(""), ports(c), argv, log);
    }

    private static List<PortSpec> ports(Container c) {
        List<PortSpec> out = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (ContainerPort cp : Optional.ofNullable(c.getPorts()).orElse(List.of())) {
            Protocol proto = Protocol.parse(Optional.ofNullable(cp.getProtocol()).orElse("TCP"));
            if (seen.add(cp.getContainerPort() + "/" + proto)) {
                out.add(new PortSpec(Optional.ofNullable(cp.getName()).orElse(""), cp.getContainerPort(), proto));
            }
        }
        return out;
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "stop container: " + e.getMessage());
        }
    }
}
