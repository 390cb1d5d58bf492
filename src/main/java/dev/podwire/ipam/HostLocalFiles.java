package dev.podwire.ipam;

import dev.podwire.net.IfName;
import dev.podwire.net.Ipv4;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * host-local's on-disk state for one network ({@code backend/disk/backend.go}), as names and contents only:
 * {@code <dataDir>/<network>/} holds one file per reserved address, named by the address, containing
 * {@code <containerID>\r\n<ifname>}, plus {@code last_reserved_ip.0} containing the last address handed out, and
 * an empty {@code lock} file. Reading and writing the files is the caller's job.
 *
 * @param dataDir the data directory, default {@value #DEFAULT_DATA_DIR}
 * @param network the CNI network name (the conflist {@code name})
 */
public record HostLocalFiles(String dataDir, String network) {
    /** host-local's default {@code dataDir}. */
    public static final String DEFAULT_DATA_DIR = "/var/lib/cni/networks";

    /** The file holding the last address handed out from range set 0. */
    public static final String LAST_RESERVED_FILE = "last_reserved_ip.0";

    /** The flock file, never an address. */
    public static final String LOCK_FILE = "lock";

    // CNI spec: network names match ^[a-zA-Z0-9][a-zA-Z0-9_.\-]*$.
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.\\-]*");

    /** Validates. */
    public HostLocalFiles {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(network, "network");
        if (!dataDir.startsWith("/") || dataDir.endsWith("/")) {
            throw new IllegalArgumentException("dataDir: " + dataDir + " (expected: absolute, no trailing '/')");
        }
        if (!NAME.matcher(network).matches()) {
            throw new IllegalArgumentException("network: " + network
                    + " (expected: CNI network name matching [a-zA-Z0-9][a-zA-Z0-9_.-]*)");
        }
    }

    /** {@return the layout for {@code network} under the default data directory} */
    public static HostLocalFiles of(String network) {
        return new HostLocalFiles(DEFAULT_DATA_DIR, network);
    }

    /** {@return the network's directory, with a trailing {@code /}, e.g. {@code /var/lib/cni/networks/cbr0/}} */
    public String directory() {
        return dataDir + "/" + network + "/";
    }

    /** {@return the name of the file reserving {@code ip}: the address itself} */
    public static String reservationFileName(Ipv4 ip) {
        return ip.toString();
    }

    /** {@return the content of a reservation file: {@code <containerID>\r\n<ifname>}} */
    public static String reservationContent(String containerId, IfName ifName) {
        return new Reservation(containerId, Optional.of(ifName)).content();
    }

    /** {@return the content of {@code last_reserved_ip.0}: the address, no newline} */
    public static String lastReservedContent(Ipv4 ip) {
        return ip.toString();
    }

    /**
     * {@return the state in a directory listing, given as file name to content}. Files that are neither an IPv4
     * address nor {@value #LAST_RESERVED_FILE} ({@code lock}, other range sets, IPv6) are ignored; a
     * {@code last_reserved_ip.0} that is not an address counts as absent, as host-local treats it.
     */
    public static State parse(Map<String, String> files) {
        SortedMap<Ipv4, Reservation> reservations = new TreeMap<>();
        Optional<Ipv4> last = Optional.empty();
        for (var e : files.entrySet()) {
            if (e.getKey().equals(LAST_RESERVED_FILE)) {
                last = Ipv4.tryParse(e.getValue().strip());
            } else {
                Optional<Ipv4> ip = Ipv4.tryParse(e.getKey());
                if (ip.isPresent()) {
                    reservations.put(ip.get(), Reservation.parse(e.getValue()));
                }
            }
        }
        return new State(reservations, last);
    }

    /**
     * Who holds an address.
     *
     * @param containerId the container ID
     * @param ifName the interface in the container; absent in files written by host-local before v0.8
     */
    public record Reservation(String containerId, Optional<IfName> ifName) {
        /** Validates. */
        public Reservation {
            Objects.requireNonNull(containerId, "containerId");
            Objects.requireNonNull(ifName, "ifName");
            if (containerId.isBlank() || containerId.contains("\n") || containerId.contains("\r")) {
                throw new IllegalArgumentException("containerId: \"" + containerId
                        + "\" (expected: non-blank, single line)");
            }
        }

        /** {@return the file content host-local writes} */
        public String content() {
            return containerId.strip() + ifName.map(n -> "\r\n" + n).orElse("");
        }

        /** {@return the reservation in a file's content: {@code id\r\nifname}, or only {@code id} (old format)} */
        public static Reservation parse(String content) {
            int br = content.indexOf("\r\n");
            if (br < 0) {
                return new Reservation(content.strip(), Optional.empty());
            }
            return new Reservation(content.substring(0, br).strip(),
                    Optional.of(IfName.of(content.substring(br + 2).strip())));
        }
    }

    /**
     * A network's reservations.
     *
     * @param reservations held addresses and their holders, sorted by address
     * @param lastReserved the last address handed out, if recorded
     */
    public record State(SortedMap<Ipv4, Reservation> reservations, Optional<Ipv4> lastReserved) {
        /** Copies. */
        public State {
            reservations = Collections.unmodifiableSortedMap(new TreeMap<>(reservations));
            Objects.requireNonNull(lastReserved, "lastReserved");
        }

        /** {@return the addresses held by {@code containerId} on {@code ifName} (old id-only files match too)} */
        public List<Ipv4> heldBy(String containerId, IfName ifName) {
            return reservations.entrySet().stream()
                    .filter(e -> e.getValue().containerId().equals(containerId.strip())
                            && e.getValue().ifName().map(ifName::equals).orElse(true))
                    .map(Map.Entry::getKey)
                    .toList();
        }
    }
}
