package io.cityhub.api.traffic;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Register as a service to hear every change of every intersection's signal timing (whiteboard pattern); the
 * traffic controller calls it on the intersection's tick thread, once at start and then whenever a group's state,
 * likely or maximal end time, confidence or a still-future minimal end time changes, not on every tick. Return
 * quickly and never block: the tick thread drives the signal heads.
 */
@ConsumerType
public interface SignalTimingListener {

    /** @param timing the new timing; not null */
    void signalTiming(SignalTiming timing);
}
