package dev.podwire.runtime;

import java.util.List;

/**
 * What runs a node's containers, as containerd does for kubelet: the node agent asks it to start and stop containers
 * and to list what runs, and the containers do not depend on the agent staying alive.
 *
 * <p>Two implementations: {@link InProcessRuntime} runs built-in servers in the caller's JVM (the embedded lab daemon,
 * fastest bring-up), {@link RuntimeClient} talks to a per-node {@code podwire runtime} process that outlives the agent.
 */
public interface ContainerRuntime extends AutoCloseable {

    /**
     * Starts a container, or returns it when one with the same {@link ContainerSpec#id() ID} already runs;
     * {@return the running container}
     *
     * @throws RuntimeException when it cannot start (a port in use, a missing program); nothing stays running then
     */
    RunningContainer start(ContainerSpec spec);

    /** Stops a container and everything it started; a no-op when it does not run. */
    void stop(String id);

    /** {@return every running container, sorted by ID} */
    List<RunningContainer> list();

    /**
     * Lets go of the runtime. The in-process runtime stops every container with it (its JVM is the one ending); a
     * runtime process keeps them running, which is the point of having one.
     */
    @Override
    void close();
}
