package io.cityhub.profiles.internal.layout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs a {@link Layout} over a payload. Stateless and thread-safe; each call keeps its state on the stack. */
public final class LayoutDecoder {

    private final Layout layout;

    /** @param layout the layout, not null */
    public LayoutDecoder(Layout layout) {
        this.layout = layout;
    }

    /** Per-call state: the cursor, raw values by field name, the output. */
    private static final class Cursor {
        final byte[] bytes;
        final Integer fport;
        final Map<String, Long> raw = new HashMap<>();
        final List<DecodedValue> out = new ArrayList<>();
        int position;

        Cursor(byte[] bytes, Integer fport) {
            this.bytes = bytes;
            this.fport = fport;
        }
    }

    /**
     * @param payload the bytes, not null
     * @param fport the FPort, null when the transport has none
     * @return the values in payload order
     * @throws LayoutMismatchException if the payload does not match the layout
     */
    public List<DecodedValue> decode(byte[] payload, Integer fport) throws LayoutMismatchException {
        if (!layout.fports().isEmpty() && (fport == null || !layout.fports().contains(fport))) {
            throw new LayoutMismatchException(0, null, "unknown FPort " + fport + " (expected one of "
                    + new java.util.TreeSet<>(layout.fports()) + ")");
        }
        if (payload.length < layout.minLength()) {
            throw new LayoutMismatchException(payload.length, null, "payload of " + payload.length
                    + " bytes is shorter than " + layout.minLength());
        }
        if (payload.length > layout.maxLength()) {
            throw new LayoutMismatchException(layout.maxLength(), null, "payload of " + payload.length
                    + " bytes is longer than " + layout.maxLength());
        }
        Cursor cursor = new Cursor(payload, fport);
        run(layout.steps(), cursor);
        return cursor.out;
    }

    private void run(List<Step> steps, Cursor cursor) throws LayoutMismatchException {
        for (Step step : steps) {
            if (step instanceof Field field) {
                read(field, cursor);
            } else if (step instanceof Group group) {
                if (group.when().holds(cursor.fport, cursor.raw)) {
                    run(group.steps(), cursor);
                }
            } else if (step instanceof TlvList tlv) {
                tlv(tlv, cursor);
            } else if (step instanceof BitmaskBlocks blocks) {
                blocks(blocks, cursor);
            } else if (step instanceof Repeat repeat) {
                repeat(repeat, cursor);
            }
        }
    }

    private void tlv(TlvList tlv, Cursor cursor) throws LayoutMismatchException {
        while (cursor.position < cursor.bytes.length) {
            int at = cursor.position;
            if (at + tlv.tagSize() > cursor.bytes.length) {
                throw new LayoutMismatchException(at, "tag", "truncated tag");
            }
            long tag = Bytes.unsigned(cursor.bytes, at, tlv.tagSize(), false);
            List<Step> entry = tlv.entries().get(tag);
            if (entry == null) {
                throw new LayoutMismatchException(at, "tag", "unknown type 0x" + Long.toHexString(tag));
            }
            cursor.position = at + tlv.tagSize();
            run(entry, cursor);
        }
    }

    private void blocks(BitmaskBlocks blocks, Cursor cursor) throws LayoutMismatchException {
        Long flags = cursor.raw.get(blocks.flags());
        if (flags == null) {
            throw new LayoutMismatchException(cursor.position, blocks.flags(), "bitmask header not read");
        }
        // a bit without a block means data of unknown size follows: refuse before reading anything
        long unknown = blocks.blocks().size() >= 64 ? 0 : flags >>> blocks.blocks().size();
        if (unknown != 0) {
            throw new LayoutMismatchException(cursor.position, blocks.flags(), "bitmask 0x"
                    + Long.toHexString(flags) + " selects blocks the layout does not define");
        }
        for (int i = 0; i < blocks.blocks().size(); i++) {
            if ((flags >>> i & 1) == 1) {
                run(blocks.blocks().get(i), cursor);
            }
        }
    }

    private void repeat(Repeat repeat, Cursor cursor) throws LayoutMismatchException {
        Long count = cursor.raw.get(repeat.count());
        if (count == null) {
            throw new LayoutMismatchException(cursor.position, repeat.count(), "record count not read");
        }
        if (count < 0 || count > repeat.iterations().size()) {
            // more records than the layout declares: their size and channels are unknown
            throw new LayoutMismatchException(cursor.position, repeat.count(), "record count " + count
                    + " is above the " + repeat.iterations().size() + " the layout allows");
        }
        for (int i = 0; i < count; i++) {
            run(repeat.iterations().get(i), cursor);
        }
    }

    private void read(Field field, Cursor cursor) throws LayoutMismatchException {
        if (!field.when().holds(cursor.fport, cursor.raw)) {
            return;
        }
        int at = field.at() >= 0 ? field.at() : cursor.position;
        if (at + field.size() > cursor.bytes.length) {
            if (field.optional() && at >= cursor.bytes.length) {
                return; // a trailing field the device left out
            }
            throw new LayoutMismatchException(at, field.name(), "payload ends: needs " + field.size()
                    + " bytes, " + Math.max(0, cursor.bytes.length - at) + " left");
        }
        if (!field.peek()) {
            cursor.position = at + field.size();
        }
        if (field.type() == FieldType.FLOAT) {
            double value = field.size() == 4
                    ? Float.intBitsToFloat((int) Bytes.unsigned(cursor.bytes, at, 4, field.littleEndian()))
                    : Double.longBitsToDouble(Bytes.unsigned(cursor.bytes, at, 8, field.littleEndian()));
            if (!Double.isFinite(value)) {
                throw new LayoutMismatchException(at, field.name(), "not a finite number");
            }
            emit(field, field.scale(value), null, null, cursor);
            return;
        }
        long raw = Bytes.unsigned(cursor.bytes, at, field.size(), field.littleEndian());
        int width = field.size() * 8;
        if (field.bitOffset() >= 0) {
            raw = raw >>> field.bitOffset() & ((1L << field.bitWidth()) - 1);
            width = field.bitWidth();
        }
        if (field.mask() != -1) {
            raw &= field.mask();
        }
        if (!field.expect().isEmpty() && !field.expect().contains(raw)) {
            throw new LayoutMismatchException(at, field.name(), "value " + raw + " is not one of "
                    + new java.util.TreeSet<>(field.expect()));
        }
        cursor.raw.put(field.name(), raw);
        if (!field.labels().isEmpty()) {
            String label = field.labels().get(raw);
            if (label == null) {
                throw new LayoutMismatchException(at, field.name(), "value " + raw + " has no label (expected one of "
                        + new java.util.TreeSet<>(field.labels().keySet()) + ")");
            }
            emit(field, 0, null, label, cursor);
            return;
        }
        if (field.type() == FieldType.BOOL) {
            emit(field, 0, raw != 0, null, cursor);
            return;
        }
        long value = field.type() == FieldType.INT && width < 64 ? raw << (64 - width) >> (64 - width) : raw;
        emit(field, field.scale(value), null, null, cursor);
    }

    private static void emit(Field field, double number, Boolean bool, String text, Cursor cursor) {
        if (field.channel() != null) {
            cursor.out.add(new DecodedValue(field.channel(), number, bool, text));
        }
    }
}
