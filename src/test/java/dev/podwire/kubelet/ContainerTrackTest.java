package dev.podwire.kubelet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podwire.net.Ipv4;
import dev.podwire.runtime.ContainerState;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/** kubelet's container restarts and the pod status they make, without a kernel. */
class ContainerTrackTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final IntPredicate ALWAYS = code -> true;
    private static final IntPredicate ON_FAILURE = code -> code != 0;

    private static Optional<ContainerState> exited(Instant started, int code, Instant at) {
        return Optional.of(ContainerState.exited(started, code, at));
    }

    @Test
    void aContainerThatKeepsExitingIsRestartedAtOnceThenWithADoublingBackOff() {
        ContainerTrack t = new ContainerTrack("app", "web_default(uid-1)");
        assertEquals(ContainerTrack.Action.START, t.observe(Optional.empty(), ALWAYS, T0));
        t.startedAt(T0);
        Instant end = T0.plusSeconds(1);
        assertEquals(ContainerTrack.Action.START, t.observe(exited(T0, 3, end), ALWAYS, end),
                "the first restart is immediate");
        assertEquals(3, t.last().orElseThrow().exitCode());
        assertEquals("Error", t.last().orElseThrow().reason());
        t.startedAt(end);
        assertEquals(1, t.restarts());
        Instant end2 = end.plusSeconds(1);
        assertEquals(ContainerTrack.Action.NONE, t.observe(exited(end, 3, end2), ALWAYS, end2));
        assertEquals(new ContainerTrack.Waiting("CrashLoopBackOff",
                "back-off 10s restarting failed container=app pod=web_default(uid-1)"), t.waiting().orElseThrow());
        assertEquals(ContainerTrack.Action.NONE, t.observe(Optional.of(ContainerState.exited(end, 3, end2)), ALWAYS,
                end.plusSeconds(8)), "still backing off");
        assertEquals(ContainerTrack.Action.START, t.observe(exited(end, 3, end2), ALWAYS, end.plusSeconds(10)));
        t.startedAt(end.plusSeconds(10));
        assertEquals(2, t.restarts());
        Instant end3 = end.plusSeconds(11);
        t.observe(exited(end.plusSeconds(10), 3, end3), ALWAYS, end3);
        assertEquals("back-off 20s restarting failed container=app pod=web_default(uid-1)",
                t.waiting().orElseThrow().message(), "doubled");
    }

    @Test
    void theBackOffIsCappedAtFiveMinutesAndForgottenAfterTenMinutesOfRunning() {
        ContainerTrack t = new ContainerTrack("app", "p");
        Instant now = T0;
        t.observe(Optional.empty(), ALWAYS, now);
        t.startedAt(now);
        for (int i = 0; i < 12; i++) {
            Instant started = now;
            now = now.plus(Duration.ofMinutes(6));
            t.observe(exited(started, 1, now), ALWAYS, now);
            t.startedAt(now);
        }
        Instant started = now;
        now = now.plusSeconds(1);
        t.observe(exited(started, 1, now), ALWAYS, now);
        assertTrue(t.waiting().orElseThrow().message().startsWith("back-off 5m0s "), t.waiting().toString());
        t.observe(exited(started, 1, now), ALWAYS, now.plus(Duration.ofMinutes(5)));
        t.startedAt(now.plus(Duration.ofMinutes(5)));
        Instant longRun = now.plus(Duration.ofMinutes(16));
        t.observe(Optional.of(ContainerState.running(now.plus(Duration.ofMinutes(5)))), ALWAYS, longRun);
        assertEquals(ContainerTrack.Action.START, t.observe(exited(now, 1, longRun), ALWAYS, longRun),
                "after ten minutes of running a crash restarts at once again");
    }

    @Test
    void onFailureDoesNotRestartASuccessAndNeverRestartsNothing() {
        ContainerTrack ok = new ContainerTrack("job", "p");
        ok.observe(Optional.empty(), ON_FAILURE, T0);
        ok.startedAt(T0);
        assertEquals(ContainerTrack.Action.NONE, ok.observe(exited(T0, 0, T0.plusSeconds(2)), ON_FAILURE,
                T0.plusSeconds(2)));
        assertEquals("Completed", ok.done().orElseThrow().reason());
        ContainerTrack never = new ContainerTrack("job", "p");
        never.observe(Optional.empty(), code -> false, T0);
        never.startedAt(T0);
        assertEquals(ContainerTrack.Action.NONE, never.observe(exited(T0, 7, T0.plusSeconds(1)), code -> false,
                T0.plusSeconds(1)));
        assertEquals(7, never.done().orElseThrow().exitCode());
    }

    @Test
    void aContainerTheRuntimeLostIsTakenAsEndedAndRestarted() {
        ContainerTrack t = new ContainerTrack("app", "p");
        t.observe(Optional.empty(), ALWAYS, T0);
        t.startedAt(T0);
        assertEquals(ContainerTrack.Action.START, t.observe(Optional.empty(), ALWAYS, T0.plusSeconds(30)));
        assertEquals(ContainerState.UNKNOWN_EXIT, t.last().orElseThrow().exitCode());
    }

    private static Pod pod(String restartPolicy) {
        return new PodBuilder().withNewMetadata().withName("web").withNamespace("default").withUid("uid-1")
                .endMetadata().withNewSpec().withRestartPolicy(restartPolicy).addNewContainer().withName("app")
                .withImage("busybox").endContainer().addNewContainer().withName("side").withImage("busybox")
                .endContainer().endSpec().build();
    }

    @Test
    void statusSaysWhatRunsWhatWaitsAndWhyThePodIsNotReady() {
        ContainerTrack app = new ContainerTrack("app", "web_default(uid-1)");
        app.observe(Optional.empty(), ALWAYS, T0);
        app.failedToStart("exec: \"nope\": executable file not found in $PATH", T0);
        ContainerTrack side = new ContainerTrack("side", "web_default(uid-1)");
        side.observe(Optional.empty(), ALWAYS, T0);
        side.startedAt(T0);
        PodStatus s = KubeletStatus.of(pod("Always"), new KubeletStatus.View(Optional.of(Ipv4.parse("10.244.1.5")),
                Optional.empty(), Map.of("app", app, "side", side)), Ipv4.parse("192.168.1.2"), T0.plusSeconds(1));
        assertEquals("Running", s.getPhase(), "a container that ran before counts as restarting");
        assertEquals("10.244.1.5", s.getPodIP());
        var appStatus = s.getContainerStatuses().get(0);
        assertEquals("RunContainerError", appStatus.getState().getWaiting().getReason());
        assertEquals(128, appStatus.getLastState().getTerminated().getExitCode());
        assertEquals("StartError", appStatus.getLastState().getTerminated().getReason());
        assertEquals(Boolean.FALSE, appStatus.getReady());
        assertEquals(Boolean.TRUE, s.getContainerStatuses().get(1).getReady());
        var ready = s.getConditions().stream().filter(c -> c.getType().equals("Ready")).findFirst().orElseThrow();
        assertEquals("False", ready.getStatus());
        assertEquals("ContainersNotReady", ready.getReason());
        assertEquals("containers with unready status: [app]", ready.getMessage());
    }

    @Test
    void aPodWithoutSandboxIsPendingWithContainersCreating() {
        PodStatus s = KubeletStatus.of(pod("Always"), new KubeletStatus.View(Optional.empty(),
                Optional.of("no IP addresses available"), Map.of()), Ipv4.parse("192.168.1.2"), T0);
        assertEquals("Pending", s.getPhase());
        assertEquals(null, s.getPodIP());
        assertEquals("ContainerCreating", s.getContainerStatuses().getFirst().getState().getWaiting().getReason());
        assertEquals("False", s.getConditions().stream().filter(c -> c.getType().equals("PodReadyToStartContainers"))
                .findFirst().orElseThrow().getStatus());
    }

    @Test
    void podsWhoseContainersAllEndedForGoodSucceedOrFail() {
        ContainerTrack app = new ContainerTrack("app", "p");
        app.observe(Optional.empty(), code -> false, T0);
        app.startedAt(T0);
        app.observe(exited(T0, 0, T0.plusSeconds(1)), code -> false, T0.plusSeconds(1));
        ContainerTrack side = new ContainerTrack("side", "p");
        side.observe(Optional.empty(), code -> false, T0);
        side.startedAt(T0);
        side.observe(exited(T0, 2, T0.plusSeconds(1)), code -> false, T0.plusSeconds(1));
        Pod never = pod("Never");
        assertEquals("Failed", KubeletStatus.of(never, new KubeletStatus.View(Optional.of(Ipv4.parse("10.244.1.5")),
                Optional.empty(), Map.of("app", app, "side", side)), Ipv4.parse("192.168.1.2"), T0).getPhase());
        side = new ContainerTrack("side", "p");
        side.observe(Optional.empty(), code -> false, T0);
        side.startedAt(T0);
        side.observe(exited(T0, 0, T0.plusSeconds(1)), code -> false, T0.plusSeconds(1));
        assertEquals("Succeeded", KubeletStatus.of(never, new KubeletStatus.View(Optional.of(
                Ipv4.parse("10.244.1.5")), Optional.empty(), Map.of("app", app, "side", side)),
                Ipv4.parse("192.168.1.2"), T0).getPhase());
    }
}
