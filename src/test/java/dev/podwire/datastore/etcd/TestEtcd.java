package dev.podwire.datastore.etcd;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.podwire.host.ProcessExecutor;
import dev.podwire.net.Netns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

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

    /** {@return an extension that starts one etcd before a test class's tests (skipping them without etcd) and ends it after} */
    static PerClass perClass(String name) {
        return new PerClass(name);
    }

    /** One etcd for a whole test class: register it as a static {@code @RegisterExtension} field. */
    static final class PerClass implements BeforeAllCallback, AfterAllCallback {
        private final String name;
        private Optional<TestEtcd> etcd = Optional.empty();

        private PerClass(String name) {
            this.name = name;
        }

        @Override
        public void beforeAll(ExtensionContext context) {
            assumeTrue(installed(), "etcd is not installed (apt-get install etcd-server etcd-client)");
            etcd = Optional.of(start(name));
        }

        @Override
        public void afterAll(ExtensionContext context) {
            etcd.ifPresent(TestEtcd::close);
            etcd = Optional.empty();
        }

        /** {@return the running etcd process} */
        EtcdProcess process() {
            return etcd.orElseThrow().process;
        }

        EtcdEndpoints endpoints() {
            return etcd.orElseThrow().endpoints();
        }

        EtcdDatastore connect() {
            return etcd.orElseThrow().connect();
        }
    }
}
