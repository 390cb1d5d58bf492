package dev.podwire.labfile;

import dev.podwire.subnet.SubnetManager;
import java.util.Objects;

/**
 * flanneld's command-line choices that are not part of net-conf.json ({@code spec.flannel}).
 *
 * @param mode where node subnets come from ({@code subnetManager}, default {@code kube})
 * @param ipMasq whether flanneld installs its masquerade rules ({@code --ip-masq}, default true)
 */
public record FlannelOptions(SubnetManager mode, boolean ipMasq) {
    /** Validates. */
    public FlannelOptions {
        Objects.requireNonNull(mode, "mode");
    }

    /** {@return the defaults: kube subnet manager, ip-masq on} */
    public static FlannelOptions defaults() {
        return new FlannelOptions(SubnetManager.KUBE, true);
    }
}
