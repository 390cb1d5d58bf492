package dev.podwire.cni;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A node's CNI result cache, one {@link CniCacheEntry} file per wired pod in the node's
 * {@code /var/lib/cni/cache/results/} (libcni's location), written after a pod is wired and removed when it is torn
 * down.
 */
public final class CniCache {
    private static final System.Logger LOG = System.getLogger(CniCache.class.getName());
    private final Path dir;

    /** Creates the cache of the node whose root directory is {@code nodeRoot}. */
    public CniCache(Path nodeRoot) {
        this.dir = nodeRoot.resolve("var/lib/cni/cache/results");
    }

    /** Records a wired pod (atomically: a torn file never names a pod). */
    public void write(CniCacheEntry e) {
        try {
            Files.createDirectories(dir);
            Path f = dir.resolve(e.fileName());
            Path tmp = dir.resolve("." + e.fileName() + ".tmp");
            Files.writeString(tmp, e.render());
            Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException ex) {
            throw new UncheckedIOException("write " + dir.resolve(e.fileName()), ex);
        }
    }

    /** Forgets a pod; a no-op when it was not recorded. */
    public void remove(String containerId) {
        try {
            Files.deleteIfExists(dir.resolve(CniCacheEntry.fileName(containerId)));
        } catch (IOException ex) {
            throw new UncheckedIOException("remove " + dir.resolve(CniCacheEntry.fileName(containerId)), ex);
        }
    }

    /** {@return every recorded pod}; a file that cannot be read is skipped with a warning */
    public List<CniCacheEntry> all() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<CniCacheEntry> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("cbr0-")).sorted().toList()) {
                try {
                    out.add(CniCacheEntry.parse(Files.readString(f)));
                } catch (IllegalArgumentException | IOException ex) {
                    LOG.log(System.Logger.Level.WARNING, "skip cni cache file " + f + ": " + ex.getMessage());
                }
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("list " + dir, ex);
        }
        return out;
    }
}
