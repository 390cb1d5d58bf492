package dev.podwire.labfile;

import static dev.podwire.labfile.LabFilesErrorTest.DIR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabDatastoreTest {
    @TempDir
    Path tmp;

    private Path lab(String datastore) throws IOException {
        String base = Files.readString(DIR.resolve("lab-base.yaml"));
        Path p = tmp.resolve("lab.yaml");
        Files.writeString(p, base + "  datastore: " + datastore + "\n");
        return p;
    }

    @Test
    void datastoreDefaultsToMemory() {
        assertEquals(DatastoreSpec.memory(), LabFiles.load(List.of(DIR.resolve("lab-base.yaml"))).lab().datastore());
    }

    @Test
    void datastoreEtcdWithAndWithoutEndpoints() throws IOException {
        assertEquals(DatastoreSpec.etcd(), LabFiles.load(List.of(lab("{type: etcd}"))).lab().datastore());
        assertEquals(new DatastoreSpec(DatastoreSpec.Type.ETCD, List.of(URI.create("http://10.0.0.5:2379"))),
                LabFiles.load(List.of(lab("{type: etcd, endpoints: [http://10.0.0.5:2379]}"))).lab().datastore());
    }

    @Test
    void datastoreRejectsUnknownTypeAndBadEndpoint() throws IOException {
        ConfigException type = assertThrows(ConfigException.class, () -> LabFiles.load(List.of(lab("{type: redis}"))));
        assertTrue(type.getMessage().contains("spec.datastore.type: redis (expected: memory or etcd)"),
                type.getMessage());
        ConfigException url = assertThrows(ConfigException.class,
                () -> LabFiles.load(List.of(lab("{type: etcd, endpoints: [10.0.0.5:2379]}"))));
        assertTrue(url.getMessage().contains("spec.datastore.endpoints[0]: 10.0.0.5:2379 (expected: an etcd client URL"),
                url.getMessage());
        ConfigException memory = assertThrows(ConfigException.class,
                () -> LabFiles.load(List.of(lab("{type: memory, endpoints: [http://10.0.0.5:2379]}"))));
        assertTrue(memory.getMessage().contains("expected: none with type: memory"), memory.getMessage());
    }

    @Test
    void labJsonRoundTripsThroughParseLab() throws IOException {
        Path file = lab("{type: etcd}");
        String json = LabFiles.labJson(List.of(file));
        assertEquals(LabFiles.load(List.of(file)).lab(), LabFiles.parseLab(json, "etcd:/podwire/lab"));
    }

    @Test
    void parseLabNamesWhereTheTextCameFrom() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> LabFiles.parseLab("{\"kind\": \"Pod\"}", "etcd:/podwire/lab"));
        assertTrue(e.getMessage().contains("etcd:/podwire/lab"), e.getMessage());
    }
}
