/**
 * flannel's subnet layer, as values: the network configuration ({@link dev.podwire.subnet.NetConf}, net-conf.json),
 * node leases ({@link dev.podwire.subnet.Lease}, {@link dev.podwire.subnet.LeaseAttrs} with flannel's exact JSON),
 * the etcd key layout ({@link dev.podwire.subnet.LeaseKey}), subnet choice
 * ({@link dev.podwire.subnet.SubnetAllocator} for both {@link dev.podwire.subnet.SubnetManager} modes) and the
 * {@code subnet.env} file ({@link dev.podwire.subnet.SubnetEnv}).
 *
 * <p>Design notes. Pure: nothing here reads a store, a file or the clock. Callers list leases, pass
 * {@code InstantSource}-derived instants and a {@code RandomGenerator}, and write what comes back, so every flannel
 * rule (reuse by PublicIP, reuse of the previous subnet.env, random pick among the first 100 free subnets) is a
 * plain function with unit tests. Formats follow flannel v0.28 byte for byte (field order, {@code PublicIPv6:null},
 * omitted empty fields, key regex); deviations are deliberate and documented where they occur (IPv4 only, keys
 * with host bits skipped, previous subnet refused when it overlaps a lease). Running out of subnets is a
 * {@link dev.podwire.subnet.LeaseAllocation.Exhausted} value, not an exception.
 */
package dev.podwire.subnet;
