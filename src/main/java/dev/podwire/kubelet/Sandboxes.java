package dev.podwire.kubelet;

import dev.podwire.cni.CniCache;
import dev.podwire.cni.CniCacheEntry;
import dev.podwire.cni.CniReconciler;
import dev.podwire.cni.DesiredPod;
import dev.podwire.cni.PodWiring;
import dev.podwire.ipam.Ipam;
import dev.podwire.net.Cidr;
import dev.podwire.net.Ipv4;
import dev.podwire.net.Netns;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pod sandboxes as the CNI plugins make them for kubelet: an address from host-local, a namespace, a veth on
 * {@code cni0}, the result cache, kubelet's {@code /etc} files. Many pods are wired in few batched commands; when a
 * batch fails, its pods are wired one by one, so that one pod's failure (a full range, a refused link) is that pod's
 * alone. Nothing half-built stays for a pod whose wiring failed.
 */
final class Sandboxes {
    private final KubeletEnv env;
    private final CniReconciler cni;
    private final Ipam ipam;
    private final CniCache cache;

    Sandboxes(KubeletEnv env, CniReconciler cni, Ipam ipam) {
        this.env = env;
        this.cni = cni;
        this.ipam = ipam;
        this.cache = new CniCache(env.root());
    }

    /** What wiring one pod came to. */
    sealed interface Outcome {
        /** @param wiring the pod's sandbox */
        record Wired(PodWiring wiring) implements Outcome {}

        /** @param message containerd's words, as kubelet's {@code FailedCreatePodSandBox} event shows them */
        record Failed(String message) implements Outcome {}
    }

    /** {@return each pod's outcome, by {@code namespace/name}} */
    Map<String, Outcome> wire(List<Pod> pods, Cidr subnet, int mtu) {
        Map<String, Outcome> out = new LinkedHashMap<>();
        List<Pod> allocated = new ArrayList<>();
        List<PodWiring> wirings = new ArrayList<>();
        for (Pod p : pods) {
            DesiredPod d = desired(p);
            try {
                Ipv4 ip = ipam.allocate(d.containerId());
                PodWiring w = new PodWiring(env.netns(), d.pod(), d.hostVeth(), ip, subnet, env.network(), mtu);
                // The cache entry before the namespace (libcni writes its cache before the plugin's result is
                // used): an agent that dies right after `netns add` leaves a namespace its successor can find.
                cache.write(cacheEntry(d, w));
                allocated.add(p);
                wirings.add(w);
            } catch (RuntimeException e) {
                release(d);
                out.put(d.key(), failed(d, "failed to allocate for range 0: " + e.getMessage()));
            }
        }
        try {
            cni.add(wirings);
            for (int i = 0; i < allocated.size(); i++) {
                out.put(key(allocated.get(i)), wired(allocated.get(i), wirings.get(i)));
            }
        } catch (RuntimeException e) {
            wirings.forEach(w -> cni.remove(w.pod()));
            if (wirings.size() == 1) {
                release(desired(allocated.getFirst()));
                out.put(key(allocated.getFirst()), failed(desired(allocated.getFirst()), e.getMessage()));
            } else {
                // Which pod broke the batch is not known: each gets a batch of its own.
                for (int i = 0; i < allocated.size(); i++) {
                    Pod p = allocated.get(i);
                    try {
                        cni.add(List.of(wirings.get(i)));
                        out.put(key(p), wired(p, wirings.get(i)));
                    } catch (RuntimeException one) {
                        cni.remove(wirings.get(i).pod());
                        release(desired(p));
                        out.put(key(p), failed(desired(p), one.getMessage()));
                    }
                }
            }
        }
        return out;
    }

    private Outcome wired(Pod p, PodWiring w) {
        PodEtc.write(p, w, env.dns());
        return new Outcome.Wired(w);
    }

    private static Outcome failed(DesiredPod d, String why) {
        return new Outcome.Failed("Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup"
                + " network for sandbox \"" + d.containerId() + "\": plugin type=\"flannel\" failed (add): failed to"
                + " delegate add: " + why);
    }

    /** Records a sandbox that adoption kept; its cache entry may have been lost, and writing it again is harmless. */
    void kept(Pod p, PodWiring w) {
        cache.write(cacheEntry(desired(p), w));
        PodEtc.write(p, w, env.dns());
    }

    /** Removes a pod's namespace, address, cache entry and /etc files. */
    void remove(Netns pod, String containerId) {
        cni.remove(pod);
        ipam.release(containerId);
        cache.remove(containerId);
        PodEtc.delete(pod);
    }

    private void release(DesiredPod d) {
        ipam.release(d.containerId());
        cache.remove(d.containerId());
    }

    /** {@return the sandbox names of {@code p}} */
    DesiredPod desired(Pod p) {
        String ns = p.getMetadata().getNamespace();
        String name = p.getMetadata().getName();
        return new DesiredPod(ns, name, p.getMetadata().getUid(), env.names().containerId(ns, name),
                env.names().pod(ns, name), env.names().podVeth(ns, name));
    }

    /** {@return the CNI result cache} */
    CniCache cache() {
        return cache;
    }

    /** {@return host-local's pool} */
    Ipam ipam() {
        return ipam;
    }

    /** {@return the CNI side} */
    CniReconciler cni() {
        return cni;
    }

    private static CniCacheEntry cacheEntry(DesiredPod d, PodWiring w) {
        return new CniCacheEntry(d.containerId(), d.podNamespace(), d.podName(), d.podUid(), w.pod(), w.hostVeth(),
                w.ip(), w.subnet().prefixLength());
    }

    static String key(Pod p) {
        return p.getMetadata().getNamespace() + "/" + p.getMetadata().getName();
    }
}
