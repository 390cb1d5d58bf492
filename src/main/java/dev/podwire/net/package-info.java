/**
 * Canonical network value types: {@link dev.podwire.net.Ipv4}, {@link dev.podwire.net.Cidr},
 * {@link dev.podwire.net.Mac}, {@link dev.podwire.net.IfName}, {@link dev.podwire.net.Netns}.
 *
 * <p>Pure: no I/O. Every type validates in its compact constructor with messages of the form
 * {@code field: value (expected: constraint)}, and {@code toString()} round-trips through {@code parse}.
 */
package dev.podwire.net;
