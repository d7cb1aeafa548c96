package io.cityhub.api.buffer;

/**
 * What is waiting in one priority class.
 *
 * @param count readings not yet delivered
 * @param bytes their encoded size in the store
 * @param oldestAgeMillis age of the oldest waiting reading (by append time), 0 when empty
 */
public record ClassDepth(long count, long bytes, long oldestAgeMillis) {
}
