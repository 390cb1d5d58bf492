package dev.podwire.lab;

import dev.podwire.net.Cidr;
import dev.podwire.net.IfName;
import dev.podwire.net.Ipv4;

/**
 * A machine's interface on a segment.
 *
 * @param segment the segment's name
 * @param iface the interface name inside the machine
 * @param address its address
 * @param subnet the segment's subnet (gives the prefix length)
 */
public record Attachment(String segment, IfName iface, Ipv4 address, Cidr subnet) {}
