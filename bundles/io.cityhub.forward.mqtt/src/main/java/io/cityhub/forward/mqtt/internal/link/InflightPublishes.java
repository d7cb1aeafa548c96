package io.cityhub.forward.mqtt.internal.link;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The session's QoS 1 messages awaiting their PUBACK, by packet id (MQTT 3.1.1 §2.3.1: an id is not reused while its
 * message is in flight), with the in-flight limit. Ids also serve SUBSCRIBE and UNSUBSCRIBE while they wait.
 */
final class InflightPublishes {

    /** One QoS 1 message in flight; {@code order} is publish order, for resending in the same order (§4.6). */
    record Pending(int packetId, long order, String topic, byte[] topicBytes, byte[] payload, boolean retained,
            boolean data, Runnable onAck, Consumer<Throwable> onFailure) {
    }

    private static final int MAX_ID = 65_535;
    private static final Pending RESERVED = new Pending(0, 0, "", new byte[0], new byte[0], false, false, () -> { },
            t -> { });

    private final Pending[] byId = new Pending[MAX_ID + 1];
    private final int limit;
    private int count;
    private int nextId = 1;
    private long order;

    /** @param limit most messages in flight at once (the data window plus the control window) */
    InflightPublishes(int limit) {
        this.limit = Math.min(limit, MAX_ID - 1);
    }

    /**
     * @return the message, now in flight under a free packet id
     * @throws PublishException when the in-flight limit is reached
     */
    synchronized Pending add(String topic, byte[] topicBytes, byte[] payload, boolean retained, boolean data,
            Runnable onAck, Consumer<Throwable> onFailure) throws PublishException {
        if (count >= limit) {
            throw new PublishException("in-flight limit of " + limit + " QoS 1 messages reached");
        }
        int id = freeId();
        Pending p = new Pending(id, order++, topic, topicBytes, payload, retained, data, onAck, onFailure);
        byId[id] = p;
        count++;
        return p;
    }

    /** @return a packet id for a SUBSCRIBE or UNSUBSCRIBE, held until {@link #remove} */
    synchronized int reserve() {
        int id = freeId();
        byId[id] = RESERVED;
        return id;
    }

    /** @return the message this PUBACK completes, or null for an id not in flight (a late or unknown PUBACK) */
    synchronized Pending remove(int packetId) {
        if (packetId < 1 || packetId > MAX_ID) {
            return null;
        }
        Pending p = byId[packetId];
        byId[packetId] = null;
        if (p == RESERVED || p == null) {
            return null;
        }
        count--;
        return p;
    }

    /** Removes the messages {@code which} selects; @return them in publish order */
    synchronized List<Pending> removeAll(Predicate<Pending> which) {
        List<Pending> removed = new ArrayList<>();
        for (int id = 1; id <= MAX_ID; id++) {
            Pending p = byId[id];
            if (p != null && p != RESERVED && which.test(p)) {
                byId[id] = null;
                removed.add(p);
            }
        }
        count -= removed.size();
        removed.sort(Comparator.comparingLong(Pending::order));
        return removed;
    }

    /** @return the messages in flight, in publish order (for resending after a reconnect) */
    synchronized List<Pending> all() {
        List<Pending> all = new ArrayList<>(count);
        for (int id = 1; id <= MAX_ID && all.size() < count; id++) {
            Pending p = byId[id];
            if (p != null && p != RESERVED) {
                all.add(p);
            }
        }
        all.sort(Comparator.comparingLong(Pending::order));
        return all;
    }

    synchronized int size() {
        return count;
    }

    private int freeId() {
        for (int tries = 0; tries < MAX_ID; tries++) {
            int id = nextId;
            nextId = nextId == MAX_ID ? 1 : nextId + 1;
            if (byId[id] == null) {
                return id;
            }
        }
        throw new IllegalStateException("no free MQTT packet id"); // unreachable: the limit stays below 65,535
    }
}
