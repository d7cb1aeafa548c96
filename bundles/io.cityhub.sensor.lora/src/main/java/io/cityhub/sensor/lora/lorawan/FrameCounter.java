package io.cityhub.sensor.lora.lorawan;

/**
 * Reconstructs the 32-bit frame counter from the 16 bits on air (1.0.2 §4.3.1.5: the receiver infers the upper
 * bits). The rule is the one ChirpStack uses: the counter nearest at or after the next expected value, except that
 * the value just before it is taken as a retransmission of the previous frame.
 */
public final class FrameCounter {

    private static final long MASK32 = 0xffff_ffffL;

    private FrameCounter() {
    }

    /**
     * @param nextExpected the next counter value the receiver expects, 0..2^32-1
     * @param fCnt16 the FCnt on air, 0..65535
     * @return the full counter, 0..2^32-1 (wraps modulo 2^32)
     */
    public static long reconstruct(long nextExpected, int fCnt16) {
        long next = nextExpected & MASK32;
        int f16 = fCnt16 & 0xffff;
        if (f16 == ((next - 1) & 0xffff)) {
            return (next - 1) & MASK32;
        }
        return (next + ((f16 - next) & 0xffff)) & MASK32;
    }
}
