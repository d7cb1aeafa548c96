package io.cityhub.profiles.internal.layout;

/** One element of a declarative layout: a field, a conditional group, a TLV list or a bitmask-selected block list. */
sealed interface Step permits Field, Group, TlvList, BitmaskBlocks, Repeat {
}
