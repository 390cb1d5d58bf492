package dev.podwire.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podwire.net.IfName;
import dev.podwire.net.Ipv4;
import dev.podwire.net.Netns;
import java.io.IOException;
import java.util.Objects;

/**
 * What a node remembers about a pod it wired, as libcni's result cache
 * ({@code /var/lib/cni/cache/results/<network>-<containerID>-<ifname>}) does: the container ID, the pod's identity from
 * {@code CNI_ARGS} ({@code K8S_POD_NAMESPACE}, {@code K8S_POD_NAME}, {@code K8S_POD_UID}), the sandbox and the result
 * (interfaces and address). It is how a restarted agent knows which namespaces are its node's pods.
 *
 * @param containerId the sandbox's container ID
 * @param podNamespace the pod's Kubernetes namespace
 * @param podName the pod's name
 * @param podUid the pod's UID
 * @param pod the pod's network namespace
 * @param hostVeth the node-side veth
 * @param ip the pod's address
 * @param prefixLength the node subnet's prefix length
 */
public record CniCacheEntry(String containerId, String podNamespace, String podName, String podUid, Netns pod,
        IfName hostVeth, Ipv4 ip, int prefixLength) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Validates. */
    public CniCacheEntry {
        for (String s : new String[] {containerId, podNamespace, podName, podUid}) {
            if (Objects.requireNonNull(s).isBlank()) {
                throw new IllegalArgumentException("cache entry: blank field (expected: container ID and pod identity)");
            }
        }
        Objects.requireNonNull(pod, "pod");
        Objects.requireNonNull(hostVeth, "hostVeth");
        Objects.requireNonNull(ip, "ip");
    }

    /** {@return the pod's {@code <namespace>/<name>}} */
    public String podKey() {
        return podNamespace + "/" + podName;
    }

    /** {@return the cache file's name for network {@code cbr0} and {@code eth0}} */
    public String fileName() {
        return fileName(containerId);
    }

    /** {@return the cache file's name of a container ID} */
    public static String fileName(String containerId) {
        return "cbr0-" + containerId + "-eth0";
    }

    /** {@return the entry as libcni-style cache JSON} */
    public String render() {
        ObjectNode root = JSON.createObjectNode();
        root.put("kind", "cniCacheV1");
        root.put("containerId", containerId);
        root.put("ifName", "eth0");
        root.put("networkName", "cbr0");
        root.put("netns", pod.path());
        ArrayNode args = root.putArray("cniArgs");
        args.addArray().add("K8S_POD_NAMESPACE").add(podNamespace);
        args.addArray().add("K8S_POD_NAME").add(podName);
        args.addArray().add("K8S_POD_INFRA_CONTAINER_ID").add(containerId);
        args.addArray().add("K8S_POD_UID").add(podUid);
        ObjectNode result = root.putObject("result");
        result.put("cniVersion", "0.3.1");
        ArrayNode ifs = result.putArray("interfaces");
        ifs.addObject().put("name", hostVeth.toString());
        ifs.addObject().put("name", "eth0").put("sandbox", pod.path());
        result.putArray("ips").addObject().put("version", "4").put("interface", 1)
                .put("address", ip + "/" + prefixLength);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    /**
     * {@return the entry in {@code text}}
     *
     * @throws IllegalArgumentException when it is not a cache file this code wrote (names the missing field)
     */
    public static CniCacheEntry parse(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("cni cache: not valid JSON: " + e.getMessage());
        }
        String ns = "";
        String name = "";
        String uid = "";
        for (JsonNode pair : root.path("cniArgs")) {
            switch (pair.path(0).asText()) {
                case "K8S_POD_NAMESPACE" -> ns = pair.path(1).asText();
                case "K8S_POD_NAME" -> name = pair.path(1).asText();
                case "K8S_POD_UID" -> uid = pair.path(1).asText();
                default -> { }
            }
        }
        String netns = root.path("netns").asText();
        if (!netns.startsWith("/run/netns/")) {
            throw new IllegalArgumentException("cni cache: netns: \"" + netns + "\" (expected: /run/netns/<name>)");
        }
        String address = root.path("result").path("ips").path(0).path("address").asText();
        String[] parts = address.split("/");
        if (parts.length != 2) {
            throw new IllegalArgumentException("cni cache: result.ips[0].address: \"" + address
                    + "\" (expected: <ipv4>/<prefix>)");
        }
        return new CniCacheEntry(root.path("containerId").asText(), ns, name, uid,
                Netns.of(netns.substring("/run/netns/".length())),
                IfName.of(root.path("result").path("interfaces").path(0).path("name").asText()), Ipv4.parse(parts[0]),
                Integer.parseInt(parts[1]));
    }
}
