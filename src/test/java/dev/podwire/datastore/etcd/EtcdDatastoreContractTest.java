package dev.podwire.datastore.etcd;

import dev.podwire.datastore.Datastore;
import dev.podwire.datastore.DatastoreContract;
import java.time.Duration;
import java.time.InstantSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The shared datastore contract against a real etcd on loopback: one etcd for the class, emptied before each test. */
@Tag("netns")
class EtcdDatastoreContractTest extends DatastoreContract {
    @RegisterExtension
    static final TestEtcd.PerClass etcd = TestEtcd.perClass("contract");
    private EtcdDatastore store;

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
