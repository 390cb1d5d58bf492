package dev.podwire.control;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.List;
import java.util.Optional;

/** Controller owner references, the link the garbage collector and controllers follow. */
final class Owners {
    private Owners() {}

    static OwnerReference controllerRef(HasMetadata owner) {
        return new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build();
    }

    static Optional<OwnerReference> controllerOf(HasMetadata object) {
        return Optional.ofNullable(object.getMetadata().getOwnerReferences()).orElse(List.of()).stream()
                .filter(r -> Boolean.TRUE.equals(r.getController()))
                .findFirst();
    }

    /** {@return whether {@code owner} is {@code object}'s controller (same namespace, same uid)} */
    static boolean controls(HasMetadata owner, HasMetadata object) {
        return java.util.Objects.equals(owner.getMetadata().getNamespace(), object.getMetadata().getNamespace())
                && controllerOf(object).map(r -> r.getUid().equals(owner.getMetadata().getUid())).orElse(false);
    }

    static boolean deleting(HasMetadata object) {
        return object.getMetadata().getDeletionTimestamp() != null;
    }
}
