package io.cityhub.traffic.internal;

import io.cityhub.api.input.DigitalInput;
import io.cityhub.api.input.DigitalInputListener;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/** A digital input in memory: a test sets its level or fails it, and its listeners hear it as from a driver. */
final class FakeInput implements DigitalInput {

    private final String id;
    private final Set<DigitalInputListener> listeners = new CopyOnWriteArraySet<>();
    private volatile boolean active;
    private volatile String fault;

    FakeInput(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public boolean active() {
        return fault == null && active;
    }

    @Override
    public String fault() {
        return fault;
    }

    @Override
    public void addListener(DigitalInputListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(DigitalInputListener listener) {
        listeners.remove(listener);
    }

    void set(boolean on) {
        active = on;
        listeners.forEach(l -> l.changed(this, on, Instant.EPOCH));
    }

    /** A press (or a vehicle) shorter than one controller step: on and off again before the next step. */
    void pulse() {
        set(true);
        set(false);
    }

    void fail(String reason) {
        fault = reason;
        listeners.forEach(l -> l.failed(this, reason));
    }

    int listeners() {
        return listeners.size();
    }
}
