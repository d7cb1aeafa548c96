package io.cityhub.sensor.gpio.internal;

import java.util.HashMap;
import java.util.Map;

/** Which configured pin holds which BCM line: two components driving one wire is a wiring fault, refused early. */
final class PinClaims {

    private final Map<Integer, String> owners = new HashMap<>();

    /**
     * @param bcm the BCM number
     * @param owner the claiming pin's configuration id
     * @param attribute the attribute that named the line, for the error
     * @throws IllegalArgumentException naming both claimants if another owner holds the line
     */
    synchronized void claim(int bcm, String owner, String attribute) {
        String holder = owners.putIfAbsent(bcm, owner);
        if (holder != null && !holder.equals(owner)) {
            throw GpioPinOptions.invalid(attribute, bcm, "a pin no other component uses; BCM " + bcm
                    + " is held by '" + holder + "', so '" + owner + "' cannot claim it");
        }
    }

    /** Frees a line if {@code owner} holds it. */
    synchronized void release(int bcm, String owner) {
        owners.remove(bcm, owner);
    }

    /** @return the holder of the line, or null */
    synchronized String holder(int bcm) {
        return owners.get(bcm);
    }
}
