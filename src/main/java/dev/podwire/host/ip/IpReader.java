package dev.podwire.host.ip;

import dev.podwire.host.Command;
import dev.podwire.host.Executor;
import dev.podwire.host.Result;
import dev.podwire.net.IfName;
import dev.podwire.net.Netns;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads the kernel's routes, links, neighbours and FDB through an {@link Executor}: each method runs the one
 * command of its record ({@link IpRoute#command}, {@link IpLink#addrCommand}, ...) and parses its JSON.
 * A failing command throws {@link dev.podwire.host.CommandFailedException}, except where a method says that the
 * failure means "absent".
 */
public final class IpReader {
    private final Executor executor;

    /** Creates a reader running its commands through {@code executor}. */
    public IpReader(Executor executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /** {@return the main table's IPv4 routes ({@code ip -j route show}), sorted by destination then metric} */
    public List<IpRoute> routes(Netns netns) {
        return IpRoute.parse(stdout(IpRoute.command(netns)));
    }

    /** {@return the IPv4 routes of {@code table} ({@code ip -j route show table <table>}; {@code all} for all)} */
    public List<IpRoute> routes(Netns netns, String table) {
        return IpRoute.parse(stdout(IpRoute.command(netns, table)), table);
    }

    /** {@return every link ({@code ip -j link show}), by index} */
    public List<IpLink> links(Netns netns) {
        return IpLink.parse(stdout(IpLink.command(netns)));
    }

    /** {@return the links of one type ({@code ip -j link show type <type>}, e.g. {@code veth}), by index} */
    public List<IpLink> links(Netns netns, String type) {
        return IpLink.parse(stdout(IpLink.command(netns, type)));
    }

    /**
     * {@return device {@code dev} with its addresses ({@code ip -j addr show dev <dev>})}; empty when it does not
     * exist (ip exits 1 with {@code Device "<dev>" does not exist.}).
     */
    public Optional<IpLink> link(Netns netns, IfName dev) {
        return one(IpLink.addrCommand(netns, dev));
    }

    /**
     * {@return device {@code dev} with its addresses, type and attributes ({@code ip -j -d addr show dev <dev>})};
     * empty when it does not exist.
     */
    public Optional<IpLink> linkDetails(Netns netns, IfName dev) {
        return one(IpLink.detailsCommand(netns, dev));
    }

    /** {@return the IPv4 neighbours on {@code dev} ({@code ip -j neigh show dev <dev>}), by address} */
    public List<IpNeigh> neighbours(Netns netns, IfName dev) {
        return IpNeigh.parse(stdout(IpNeigh.command(netns, dev)), dev);
    }

    /** {@return the forwarding database of {@code dev} ({@code bridge -j fdb show dev <dev>}), by MAC then dst} */
    public List<BridgeFdb> fdb(Netns netns, IfName dev) {
        return BridgeFdb.parse(stdout(BridgeFdb.command(netns, dev)), dev);
    }

    // ip exits 1 with 'Device "flannel.1" does not exist.'; any other failure (no such namespace) is an error.
    private static boolean noSuchDevice(Result result) {
        return !result.ok() && result.stderr().contains("does not exist");
    }

    private Optional<IpLink> one(Command command) {
        Result r = executor.run(command);
        return noSuchDevice(r) ? Optional.empty() : IpLink.parseOne(r.orThrow().stdout());
    }

    private String stdout(Command command) {
        return executor.run(command).orThrow().stdout();
    }
}
