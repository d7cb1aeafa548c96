package io.cityhub.filter.internal;

/** A sensor's channel: the unit a chain, its state and its counters belong to. */
record ChannelKey(String sensorId, String channel) {

    @Override
    public String toString() {
        return sensorId + "/" + channel;
    }
}
