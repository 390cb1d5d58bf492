package dev.podwire.lab;

import dev.podwire.net.IfName;
import dev.podwire.net.Netns;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Every name a lab gives to things in the kernel and on disk. All of them carry the lab's name, so two labs never
 * collide and {@code podwire down} can find what belongs to a lab.
 *
 * <ul>
 *   <li>namespaces: {@code <lab>-fabric} (underlay bridges), {@code <lab>-<machine>} for nodes, hosts and routers,
 *       {@code <lab>-pod-<10 hex>} for pods;</li>
 *   <li>links in the fabric: {@code br-<segment>} bridges and one port per machine interface named after the
 *       machine, or {@code <machine>.<segment>} for routers (hashed when longer than 15 bytes);</li>
 *   <li>pod veths on a node: {@code veth<8 hex>}, as the CNI bridge plugin names them.</li>
 * </ul>
 *
 * <p>The rules a name in a lab file must follow are {@code labfile.NameRules}; the lab name is checked here too,
 * because commands such as {@code down} build these names from a name typed on the command line.
 *
 * @param lab the lab's name
 */
public record LabNames(String lab) {
    private static final Pattern LAB = Pattern.compile("[a-z0-9]([a-z0-9-]{0,18}[a-z0-9])?");

    /** Validates the lab name. */
    public LabNames {
        if (lab == null || !LAB.matcher(lab).matches()) {
            throw new IllegalArgumentException("lab name: " + lab
                    + " (expected: a DNS label of at most 20 lower-case letters, digits and '-')");
        }
    }

    /** {@return the namespace holding the underlay's bridges} */
    public Netns fabric() {
        return Netns.of(lab + "-fabric");
    }

    /** {@return the namespace of a node, host or router} */
    public Netns machine(String name) {
        return Netns.of(lab + "-" + name);
    }

    /** {@return the lab load balancer's namespace; the dot keeps it apart from any machine's name} */
    public Netns loadBalancer() {
        return Netns.of(lab + "-podwire.lb");
    }

    /** {@return the namespace of the lab's own etcd (etcd datastore mode); the dot keeps it apart from machines} */
    public Netns etcd() {
        return Netns.of(lab + "-podwire.etcd");
    }

    /** {@return the log of a node's agent process (etcd datastore mode)} */
    public String agentLog(String node) {
        return stateDir() + "/" + node + "-agent.log";
    }

    /** {@return the namespace of a pod} */
    public Netns pod(String namespace, String name) {
        return Netns.of(lab + "-pod-" + hash(namespace + "/" + name, 10));
    }

    /** {@return the prefix every pod namespace of this lab starts with} */
    public String podNetnsPrefix() {
        return lab + "-pod-";
    }

    /** {@return the bridge of a segment, in the fabric namespace} */
    public IfName bridge(String segment) {
        return fit("br-" + segment, segment);
    }

    /**
     * {@return the fabric-side port of a machine's interface on a segment}: the machine's name when it has one
     * interface, {@code <machine>.<segment>} when it has several (a router), hashed to fit 15 bytes.
     */
    public IfName fabricPort(String machine, String segment, boolean multiHomed) {
        return fit(multiHomed ? machine + "." + segment : machine, machine + "@" + segment);
    }

    /** {@return the node-side veth of a pod} */
    public IfName podVeth(String namespace, String name) {
        return IfName.of("veth" + hash(namespace + "/" + name, 8));
    }

    /** {@return the container ID the pod's sandbox gets, as a CNI runtime passes it} */
    public String containerId(String namespace, String name) {
        return hash(lab + "/" + namespace + "/" + name, 64);
    }

    /** {@return the lab's state directory} */
    public String stateDir() {
        return "/run/podwire/" + lab;
    }

    /** {@return the directory that a node sees as its root for flannel and CNI files} */
    public String nodeRoot(String node) {
        return stateDir() + "/nodes/" + node;
    }

    private static IfName fit(String wanted, String key) {
        if (wanted.length() <= 15) {
            return IfName.of(wanted);
        }
        return IfName.of(wanted.substring(0, 10) + "-" + hash(key, 4));
    }

    static String hash(String text, int hexChars) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, hexChars);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
