package io.cityhub.traffic.definition;

import java.util.List;

/**
 * A loop detector or push button.
 *
 * @param name the detector's name
 * @param input input id the detector's state arrives under (trace column {@code input}, GPIO input id)
 * @param button true for a push button (latches a call, lights the request acknowledgement)
 * @param calls indices of groups an actuation calls
 * @param extendsGroups indices of groups an actuation extends while green
 * @param ackOutput output id of the request-acknowledge lamp; null when none
 * @param maxPresence occupied longer than this (tenths) means the detector failed; 0 disables the check
 * @param noActivity no actuation for this long (tenths) means the detector failed; 0 disables the check
 */
public record Detector(
        String name,
        String input,
        boolean button,
        List<Integer> calls,
        List<Integer> extendsGroups,
        String ackOutput,
        int maxPresence,
        int noActivity) {
}
