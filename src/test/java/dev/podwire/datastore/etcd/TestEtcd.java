package dev.podwire.datastore.etcd;

import dev.podwire.exec.ProcessExecutor;
import dev.podwire.net.Netns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** A real etcd on 127.0.0.1 with free ports and its own data directory, for one test class; ended by PID on close. */
final class TestEtcd implements AutoCloseable {
    final EtcdProcess process;
    final Path dir;

    private TestEtcd(EtcdProcess process, Path dir) {
        this.process = process;
        this.dir = dir;
    }

    /** {@return whether the etcd binaries are installed} */
    static boolean installed() {
        return Files.isExecutable(Path.of("/usr/bin/etcd")) && Files.isExecutable(Path.of("/usr/bin/etcdctl"));
    }

    static TestEtcd start(String name) {
        try {
            Path dir = Files.createTempDirectory("pwtest-etcd-" + name + "-");
            EtcdProcess.Config config = new EtcdProcess.Config(name, Netns.HOST, "127.0.0.1", freePort(), freePort(),
                    dir.resolve("data"), dir.resolve("etcd.log"));
            return new TestEtcd(EtcdProcess.start(config, new ProcessExecutor(), Duration.ofSeconds(20)), dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    EtcdEndpoints endpoints() {
        return process.endpoints();
    }

    EtcdDatastore connect() {
        return EtcdDatastore.connect(endpoints(), Duration.ofSeconds(3));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
