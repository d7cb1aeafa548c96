package io.cityhub.buffer.mapdb.internal;

import io.cityhub.api.Reading;

/**
 * A reading with its encoding, made once by the appending thread so the single writer thread only copies bytes.
 *
 * @param reading the reading
 * @param bytes its {@link ReadingCodec} encoding
 */
record EncodedReading(Reading reading, byte[] bytes) {
}
