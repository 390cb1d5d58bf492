package dev.podwire.cli;

import dev.podwire.lab.ProcessRef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The tcpdump processes of one {@code podwire capture}. Starting one (and recording it in the lab) and stopping them
 * all happen under one lock, so a Ctrl-C while captures are still starting neither trips over the list being built
 * nor misses a process started at that moment, and nothing starts once the stop began.
 */
final class Captures {
    /** Starts one process. */
    @FunctionalInterface
    interface Starter {
        /** {@return the started process} */
        Process start() throws IOException;
    }

    /** Tells the lab about a process (adopt) or that it is gone (release). */
    @FunctionalInterface
    interface Recorder {
        /** Records {@code process}. */
        void record(ProcessRef process) throws IOException;
    }

    private final Recorder adopt;
    private final Recorder release;
    private final List<Process> running = new ArrayList<>();
    private final List<ProcessRef> recorded = new ArrayList<>();
    private boolean stopped;

    Captures(Recorder adopt, Recorder release) {
        this.adopt = adopt;
        this.release = release;
    }

    /** {@return the started process, recorded in the lab; empty when the captures are already stopping} */
    synchronized Optional<Process> start(Starter starter) throws IOException {
        if (stopped) {
            return Optional.empty();
        }
        Process p = starter.start();
        // Listed before it is recorded: if recording fails, stop() still ends it.
        running.add(p);
        ProcessRef ref = ProcessRef.of(p.toHandle());
        adopt.record(ref);
        recorded.add(ref);
        return Optional.of(p);
    }

    /** {@return the processes started so far} */
    synchronized List<Process> running() {
        return List.copyOf(running);
    }

    /**
     * Ends every capture still running (SIGTERM: tcpdump flushes its file and exits; SIGKILL after 3 s), then tells
     * the lab to forget them. Idempotent.
     */
    synchronized void stop() {
        stopped = true;
        running.stream().filter(Process::isAlive).forEach(Process::destroy);
        for (Process p : running) {
            try {
                if (!p.waitFor(3, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        for (ProcessRef ref : recorded) {
            try {
                release.record(ref);
            } catch (IOException | RuntimeException e) {
                // The lab may be going down; its teardown finds nothing of ours alive anyway.
            }
        }
        running.clear();
        recorded.clear();
    }
}
