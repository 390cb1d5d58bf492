package dev.podwire.runtime;

import dev.podwire.lab.ProcessRef;
import dev.podwire.net.Netns;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A node's {@code podwire runtime} process, kept alive: as kubelet does with a containerd that went away, a call that
 * finds the runtime gone (its socket refuses, its process is dead) starts a new one and asks again. The new runtime
 * adopts the command containers that outlived the old one (their pid files); built-in servers died with it, so the
 * runtime reports them absent and the pod syncer restarts them, with their pods' statuses following.
 */
public final class SupervisedRuntime implements ContainerRuntime {
    private static final System.Logger LOG = System.getLogger(SupervisedRuntime.class.getName());
    private final RuntimePaths paths;
    private final Netns node;
    private final String nodeName;
    private final Consumer<ProcessRef> spawned;
    private RuntimeClient current;

    private SupervisedRuntime(RuntimePaths paths, Netns node, String nodeName, Consumer<ProcessRef> spawned,
            RuntimeClient current) {
        this.paths = paths;
        this.node = node;
        this.nodeName = nodeName;
        this.spawned = spawned;
        this.current = current;
    }

    /**
     * {@return the node's runtime, adopted or started now} (see {@link RuntimeProcess#connectOrStart(RuntimePaths,
     * Netns, String, Consumer)}); {@code spawned} hears of every runtime process started, now and later
     */
    public static SupervisedRuntime connectOrStart(RuntimePaths paths, Netns node, String nodeName,
            Consumer<ProcessRef> spawned) {
        return new SupervisedRuntime(paths, node, nodeName, spawned,
                RuntimeProcess.connectOrStart(paths, node, nodeName, spawned));
    }

    /** {@return what the runtime in use said about itself} */
    public synchronized RuntimeInfo info() {
        return current.info();
    }

    @Override
    public RunningContainer start(ContainerSpec spec) {
        return call(c -> c.start(spec));
    }

    @Override
    public void stop(String id) {
        call(c -> {
            c.stop(id);
            return null;
        });
    }

    @Override
    public List<RunningContainer> list() {
        return call(RuntimeClient::list);
    }

    /** Leaves the runtime and its containers running, as {@link RuntimeClient#close()} does. */
    @Override
    public void close() {
    }

    // A refusal from a live runtime (a container that cannot start) is the caller's to handle; a runtime that does not
    // answer at all is replaced, once per call, and the call made again on the new one.
    private <T> T call(Function<RuntimeClient, T> request) {
        RuntimeClient client;
        synchronized (this) {
            client = current;
        }
        try {
            return request.apply(client);
        } catch (UncheckedIOException e) {
            RuntimeClient replaced = replace(client, e);
            return request.apply(replaced);
        }
    }

    private synchronized RuntimeClient replace(RuntimeClient failed, UncheckedIOException why) {
        if (current != failed) {
            return current;
        }
        if (RuntimeProcess.tryConnect(paths).isPresent()) {
            // It answers again (a passing fault): the failure was the call's, not the runtime's.
            throw why;
        }
        LOG.log(System.Logger.Level.WARNING, "runtime gone node=" + nodeName + " pid=" + failed.info().process().pid()
                + " (" + why.getMessage() + "); starting a new one");
        current = RuntimeProcess.connectOrStart(paths, node, nodeName, spawned);
        return current;
    }
}
