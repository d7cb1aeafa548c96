package io.cityhub.forward.mqtt.internal.link;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The session's state and its transitions, under one lock so that a waiting drain thread wakes on every change.
 * CLOSED is final: no transition leaves it.
 */
final class LinkState {

    enum State { STARTING, UP, DOWN, CLOSED }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private State state = State.STARTING;

    boolean is(State wanted) {
        lock.lock();
        try {
            return state == wanted;
        } finally {
            lock.unlock();
        }
    }

    /** @return true once UP, false after the timeout or when CLOSED */
    boolean awaitUp(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lock();
        try {
            while (state != State.UP) {
                if (state == State.CLOSED || nanos <= 0) {
                    return false;
                }
                nanos = changed.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** @return the state it left, or CLOSED (and no change) when closed meanwhile */
    State toUp() {
        return move(State.UP, null);
    }

    /** @return the state it left; only UP moves (to DOWN), anything else stays as it is */
    State upToDown() {
        return move(State.DOWN, State.UP);
    }

    /** A failed attempt: @return the state it left, or CLOSED (and no change) when closed meanwhile */
    State toDown() {
        return move(State.DOWN, null);
    }

    /** @return the state it left */
    State close() {
        lock.lock();
        try {
            State previous = state;
            state = State.CLOSED;
            changed.signalAll();
            return previous;
        } finally {
            lock.unlock();
        }
    }

    private State move(State next, State onlyFrom) {
        lock.lock();
        try {
            State previous = state;
            if (previous == State.CLOSED || (onlyFrom != null && previous != onlyFrom)) {
                return previous;
            }
            state = next;
            changed.signalAll();
            return previous;
        } finally {
            lock.unlock();
        }
    }
}
