package dev.podwire.subnet;

/** Which component hands out node subnets, as flanneld's {@code --kube-subnet-mgr} flag chooses. */
public enum SubnetManager {
    /**
     * kube-controller-manager allocates {@code node.spec.podCIDR} (range allocator, lowest free first); flannel only
     * reads it. SubnetMin and SubnetMax do not apply.
     */
    KUBE,
    /** flannel itself picks a random free subnet between SubnetMin and SubnetMax and leases it in etcd. */
    ETCD
}
