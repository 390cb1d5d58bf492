package dev.podwire.flannel;

import dev.podwire.backend.hostgw.HostGw;
import dev.podwire.backend.vxlan.Vxlan;
import dev.podwire.subnet.BackendConfig;
import dev.podwire.backend.Backend;
import dev.podwire.backend.BackendEnv;

/** The registry of backends: which implementation a net-conf {@code Backend} section selects. */
public final class Backends {
    private Backends() {}

    /** {@return the backend {@code config} selects, for the node {@code env} describes} */
    public static Backend create(BackendConfig config, BackendEnv env) {
        return switch (config) {
            case BackendConfig.HostGw h -> new HostGw(env);
            case BackendConfig.Vxlan v -> new Vxlan(env, v);
        };
    }
}
