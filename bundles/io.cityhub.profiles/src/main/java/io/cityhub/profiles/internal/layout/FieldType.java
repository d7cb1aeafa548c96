package io.cityhub.profiles.internal.layout;

/** How a field's bytes are read. */
enum FieldType {
    /** Unsigned integer, 1..8 bytes (8 bytes above 2^63 read as negative: avoid). */
    UINT,
    /** Two's-complement signed integer, 1..8 bytes (or the width of its bit field). */
    INT,
    /** IEEE 754 binary32 (4 bytes) or binary64 (8 bytes). */
    FLOAT,
    /** Zero is false, anything else true. */
    BOOL
}
