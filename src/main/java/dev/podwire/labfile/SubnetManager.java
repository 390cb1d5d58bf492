package dev.podwire.labfile;

/** How flannel obtains each node's pod subnet ({@code spec.flannel.subnetManager}). */
public enum SubnetManager {
    /**
     * {@code kube} (flannel's {@code --kube-subnet-mgr}): the node's {@code spec.podCIDR}, allocated in node order
     * from the start of {@code Network}, as kube-controller-manager does for kubeadm clusters.
     */
    KUBE,
    /** {@code etcd}: flannel's own leases between {@code SubnetMin} and {@code SubnetMax}. */
    ETCD;

    /** {@return the name as written in a lab file ({@code kube}, {@code etcd})} */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
