package dev.podwire.kinds.addresspool;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;

/**
 * A test-only custom resource shaped like Calico's IPPool: a cluster-scoped pool of addresses carved into blocks.
 * Only its fields are mapped, so fabric8's convenience getters on {@link HasMetadata} stay out of its JSON, and it is
 * bound as itself rather than through fabric8's kind-dispatching deserializer (as fabric8's own model classes are).
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE, setterVisibility = JsonAutoDetect.Visibility.NONE)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec"})
@JsonDeserialize(using = JsonDeserializer.None.class)
public final class AddressPool implements HasMetadata {
    private String apiVersion = "example.podwire.dev/v1";
    private String kind = "AddressPool";
    private ObjectMeta metadata;
    private Spec spec;

    /**
     * The pool.
     *
     * @param cidr      the addresses, e.g. {@code 10.250.0.0/16}
     * @param blockSize the prefix length of the blocks handed to nodes, 20..32 (26 when absent)
     */
    public record Spec(String cidr, Integer blockSize) {}

    /** An empty pool, for Jackson. */
    public AddressPool() {}

    /** A pool named {@code name}. */
    public AddressPool(String name, Spec spec) {
        this.metadata = new ObjectMeta();
        this.metadata.setName(name);
        this.spec = spec;
    }

    @Override
    public ObjectMeta getMetadata() {
        return metadata;
    }

    @Override
    public void setMetadata(ObjectMeta metadata) {
        this.metadata = metadata;
    }

    @Override
    public String getApiVersion() {
        return apiVersion;
    }

    @Override
    public void setApiVersion(String apiVersion) {
        this.apiVersion = apiVersion;
    }

    @Override
    public String getKind() {
        return kind;
    }

    /** {@return the pool's spec} */
    public Spec getSpec() {
        return spec;
    }
}
