package dev.podwire.proxy;

import dev.podwire.host.Kernel;
import dev.podwire.labfile.ProxyMode;

/** Makes the {@link Proxier} of a mode: the registry of modes ({@code proxy.modes.Proxiers}) as the loop sees it. */
@FunctionalInterface
public interface ProxierFactory {
    /**
     * {@return the proxier of {@code mode} for the node {@code kernel} reaches}
     *
     * @throws IllegalArgumentException for a mode this build cannot run
     */
    Proxier create(ProxyMode mode, Kernel kernel);
}
