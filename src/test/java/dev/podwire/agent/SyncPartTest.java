package dev.podwire.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.podwire.datastore.KeyValue;
import dev.podwire.datastore.WatchEvent;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SyncPartTest {

    @Test
    void eachRegistryKindWakesOnlyThePartsReadingIt() {
        assertEquals(EnumSet.of(SyncPart.PODS), SyncPart.of("/registry/pods/default/web-1"));
        assertEquals(EnumSet.of(SyncPart.PROXY), SyncPart.of("/registry/services/specs/default/web"));
        assertEquals(EnumSet.of(SyncPart.PROXY), SyncPart.of("/registry/endpointslices/default/web-abcde"));
        assertEquals(EnumSet.of(SyncPart.PROXY), SyncPart.of("/registry/configmaps/kube-system/kube-proxy"));
        assertEquals(EnumSet.noneOf(SyncPart.class), SyncPart.of("/registry/services/endpoints/default/web"));
        assertEquals(EnumSet.noneOf(SyncPart.class), SyncPart.of("/registry/deployments/default/web"));
        assertEquals(EnumSet.noneOf(SyncPart.class), SyncPart.of("/registry/replicasets/default/web-5d8f"));
        // Kinds this table does not know, and prefix look-alikes, wake everything rather than nothing.
        assertEquals(EnumSet.allOf(SyncPart.class), SyncPart.of("/registry/minions/n1"));
        assertEquals(EnumSet.allOf(SyncPart.class), SyncPart.of("/registry/podsecuritypolicies/x"));
    }

    @Test
    void deletesUseTheDeletedKeyAndACompactionWakesEverything() {
        KeyValue kv = new KeyValue("/registry/pods/default/web-1", "{}", 3, 5, Optional.empty());
        assertEquals(EnumSet.of(SyncPart.PODS), SyncPart.of(new WatchEvent.Put(kv)));
        assertEquals(EnumSet.of(SyncPart.PODS), SyncPart.of(new WatchEvent.Delete(kv, 6, false)));
        assertEquals(EnumSet.allOf(SyncPart.class), SyncPart.of(new WatchEvent.Compacted(4)));
    }
}
