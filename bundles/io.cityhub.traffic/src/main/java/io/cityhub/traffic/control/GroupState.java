package io.cityhub.traffic.control;

/**
 * One group's part of the controller state. Timers count ticks and saturate, so the state space is finite (the
 * exhaustive exploration relies on that); the cap is above every timing constant of the intersection.
 *
 * @param aspect what the group shows
 * @param inAspect ticks the aspect has been shown
 * @param sinceGreenEnd ticks since the group's green ended (vehicles: start of amber; pedestrians: end of
 *     flashing green; also reset when start-up flashing ends)
 * @param sinceExtension ticks since a detector last extended the group
 * @param maxTimer ticks since the maximum-green timer started (a conflicting call while green), -1 when idle
 * @param called a call waits to be served
 * @param priority a priority request is active
 */
public record GroupState(Aspect aspect, int inAspect, int sinceGreenEnd, int sinceExtension, int maxTimer,
        boolean called, boolean priority) {

    GroupState show(Aspect next) {
        return new GroupState(next, 0, sinceGreenEnd, sinceExtension, maxTimer, called, priority);
    }

    GroupState endGreen(Aspect next) {
        return new GroupState(next, 0, 0, sinceExtension, -1, called, priority);
    }

    GroupState startGreen() {
        return new GroupState(Aspect.GREEN, 0, sinceGreenEnd, 0, -1, false, priority);
    }

    GroupState withMaxTimer(int value) {
        return new GroupState(aspect, inAspect, sinceGreenEnd, sinceExtension, value, called, priority);
    }
}
