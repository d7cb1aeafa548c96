package io.cityhub.testing;

import java.lang.management.ManagementFactory;

/**
 * The fuzz tests' "bounded allocation" property: bytes the calling thread allocates while handling one input must
 * stay within 4 MiB plus 256 bytes per input byte
 * (measured: a valid 5 KB intersection takes 1.8 MB with Jazzer's hooks on, a SenML pack a few hundred KB). A parser
 * that sizes a buffer from a length field in the input, or copies the input once per byte, shows up here long before it
 * exhausts the heap. The input is handled once before measuring, so class loading and first-use initialisation (crypto
 * providers, lambdas) are not counted.
 */
public final class AllocationBudget {

    /** Handling of one input; may throw the assertion errors the property makes. */
    public interface Handling {
        void run() throws Exception;
    }

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private AllocationBudget() {
    }

    /**
     * @param inputLength bytes of the input
     * @param handling what the test does with the input; run twice, the second time measured
     * @throws Exception what the handling throws
     * @throws AssertionError if the measured run allocated more than the budget
     */
    public static void check(int inputLength, Handling handling) throws Exception {
        handling.run();
        long limit = (4L << 20) + 256L * inputLength;
        long start = THREADS.getCurrentThreadAllocatedBytes();
        handling.run();
        long used = THREADS.getCurrentThreadAllocatedBytes() - start;
        if (used > limit) {
            throw new AssertionError("allocated " + used + " bytes handling one input of " + inputLength
                    + " bytes; budget " + limit);
        }
    }
}
