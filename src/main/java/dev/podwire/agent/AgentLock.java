package dev.podwire.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podwire.lab.ProcessRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * One agent per node on this host, decided by the kernel: the agent holds {@code <node root>/run/podwire-agent/
 * agent.lock} locked (fcntl) for as long as it runs, with its {@link ProcessRef} written in it. The lock ends with the
 * process, {@code kill -9} included, so a restarted agent never waits for it, and a second agent is refused even in a
 * moment when the etcd claim ({@link NodeClaim}) is absent: right after an etcd outage every claim expires at once, and
 * a claim alone would then let a second agent in, which the first one would only notice at its next renewal.
 */
public final class AgentLock implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FileChannel channel;
    private final FileLock lock;

    private AgentLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** {@return the lock file of the node whose root directory is {@code nodeRoot}} */
    public static Path file(Path nodeRoot) {
        return nodeRoot.resolve("run/podwire-agent/agent.lock");
    }

    /**
     * Locks {@code file} for {@code me}.
     *
     * @throws IllegalStateException naming the holder when another live process holds it
     */
    public static AgentLock take(Path file, String node, ProcessRef me) {
        FileChannel channel = null;
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                // This very process holds it already (fcntl locks are per process).
                channel.close();
                throw new IllegalStateException("node " + node + " is already managed by this process (" + file
                        + " is locked)", e);
            }
            if (lock == null) {
                Optional<ProcessRef> holder = read(channel);
                channel.close();
                throw new IllegalStateException("node " + node + " is already managed by "
                        + holder.map(p -> "the agent with pid " + p.pid()).orElse("another agent")
                        + " on this host (" + file + " is locked); stop that agent first");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(JSON.writeValueAsBytes(me)), 0);
            return new AgentLock(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("lock " + file, e);
        }
    }

    private static Optional<ProcessRef> read(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(512);
        channel.read(buffer, 0);
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
        try {
            return text.isEmpty() ? Optional.empty() : Optional.of(JSON.readValue(text, ProcessRef.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing was locked through it.
            }
        }
    }

    /** Unlocks (the file stays: removing it would let a second agent lock a different inode). */
    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("unlock", e);
        }
    }
}
