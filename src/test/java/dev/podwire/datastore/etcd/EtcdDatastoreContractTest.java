package dev.podwire.datastore.etcd;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.podwire.datastore.Datastore;
import dev.podwire.datastore.DatastoreContract;
import java.time.Duration;
import java.time.InstantSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;

/** The shared datastore contract against a real etcd on loopback: one etcd for the class, emptied before each test. */
@Tag("netns")
class EtcdDatastoreContractTest extends DatastoreContract {
    private static TestEtcd etcd;
    private EtcdDatastore store;

    @BeforeAll
    static void startEtcd() {
        assumeTrue(TestEtcd.installed(), "etcd is not installed (apt-get install etcd-server etcd-client)");
        etcd = TestEtcd.start("contract");
    }

    @AfterAll
    static void stopEtcd() {
        if (etcd != null) {
            etcd.close();
        }
    }

    @BeforeEach
    void connect() {
        store = etcd.connect();
        for (var kv : store.list("/")) {
            store.delete(kv.key());
        }
    }

    @AfterEach
    void disconnect() {
        if (store != null) {
            store.close();
        }
    }

    @Override
    protected Datastore store() {
        return store;
    }

    @Override
    protected InstantSource clock() {
        return InstantSource.system();
    }

    @Override
    protected Duration ttlSlack() {
        return Duration.ofSeconds(2);
    }
}
