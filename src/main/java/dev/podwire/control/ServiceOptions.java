package dev.podwire.control;

import static java.util.Objects.requireNonNull;

import dev.podwire.net.Cidr;
import dev.podwire.net.Ipv4;
import java.util.Optional;

/**
 * What the apiserver needs to know to admit Services: the {@code --service-cluster-ip-range}, the address kept
 * for kube-dns, and an optional pool for LoadBalancer ingress addresses (what MetalLB would hand out). Node ports
 * come from the default {@code --service-node-port-range} {@value #NODE_PORT_MIN}-{@value #NODE_PORT_MAX}.
 *
 * @param serviceCidr      the ClusterIP range (a kubeadm cluster: 10.96.0.0/12)
 * @param dnsClusterIp     kube-dns's ClusterIP, never handed out at random (kubeadm: 10.96.0.10)
 * @param loadBalancerPool addresses for {@code status.loadBalancer.ingress}; empty leaves LoadBalancers pending
 */
public record ServiceOptions(Cidr serviceCidr, Ipv4 dnsClusterIp, Optional<Cidr> loadBalancerPool) {
    /** Lowest node port. */
    public static final int NODE_PORT_MIN = 30000;
    /** Highest node port. */
    public static final int NODE_PORT_MAX = 32767;

    public ServiceOptions {
        requireNonNull(serviceCidr, "serviceCidr");
        requireNonNull(dnsClusterIp, "dnsClusterIp");
        requireNonNull(loadBalancerPool, "loadBalancerPool");
        if (serviceCidr.prefixLength() > 29) {
            throw new IllegalArgumentException("serviceCidr: " + serviceCidr + " (expected: a prefix of /29 or shorter)");
        }
        if (!serviceCidr.contains(dnsClusterIp) || dnsClusterIp.equals(serviceCidr.address())
                || dnsClusterIp.equals(serviceCidr.last()) || dnsClusterIp.equals(serviceCidr.host(1))) {
            throw new IllegalArgumentException("dnsClusterIp: " + dnsClusterIp + " (expected: a host address of "
                    + serviceCidr + " other than the first, which the kubernetes service takes)");
        }
    }

    /** {@return kubeadm's defaults: 10.96.0.0/12, kube-dns at 10.96.0.10, no load-balancer pool} */
    public static ServiceOptions kubeadmDefaults() {
        return new ServiceOptions(Cidr.parse("10.96.0.0/12"), Ipv4.parse("10.96.0.10"), Optional.empty());
    }

    /** {@return the {@code kubernetes} service's ClusterIP: the first address of the range} */
    public Ipv4 kubernetesClusterIp() {
        return serviceCidr.host(1);
    }
}
