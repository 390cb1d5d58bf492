package dev.podwire.kinds.addresspool;

import dev.podwire.kinds.ObjectChecks;
import dev.podwire.labfile.FieldError;
import dev.podwire.labfile.K8sNames;
import dev.podwire.labfile.ManifestRules;
import dev.podwire.net.Cidr;

/** The example kind's checks: a name, a CIDR, a block size that fits it. */
public final class AddressPoolChecks {
    private AddressPoolChecks() {}

    /** Checks a pool read from a manifest. */
    public static void check(AddressPool pool, ManifestRules.Context context) {
        ObjectChecks.metadata(pool.getMetadata(), K8sNames.Rule.DNS1123_SUBDOMAIN, false);
        if (pool.getSpec() == null || pool.getSpec().cidr() == null) {
            throw new FieldError("spec.cidr", "missing (expected: a CIDR)", "e.g. cidr: 10.250.0.0/16");
        }
        Cidr cidr = Cidr.tryParse(pool.getSpec().cidr()).orElseThrow(() -> new FieldError("spec.cidr",
                pool.getSpec().cidr() + " (expected: a CIDR)", "e.g. cidr: 10.250.0.0/16"));
        int block = blockSize(pool);
        if (block < Math.max(20, cidr.prefixLength()) || block > 32) {
            throw new FieldError("spec.blockSize", block + " (expected: " + Math.max(20, cidr.prefixLength())
                    + "..32)", "leave it out for 26");
        }
    }

    static int blockSize(AddressPool pool) {
        return pool.getSpec().blockSize() == null ? 26 : pool.getSpec().blockSize();
    }
}
