package dev.podwire.trace;

/**
 * One packet's traversal of one place, as the kernel traced it.
 *
 * @param place where
 * @param traversal what the kernel reported there
 */
public record Observation(Place place, Traversal traversal) {}
