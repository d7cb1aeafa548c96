package io.cityhub.tools;

import java.io.IOException;
import java.time.Instant;
import java.util.Locale;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.elements.exception.ConnectorException;

/**
 * A CoAP sensor that posts SenML JSON readings to a gateway, the way a river water-quality probe does.
 */
public final class SimulatedSensor implements AutoCloseable {

    static {
        // without this, Californium writes Californium3.properties into the working directory
        CoapConfig.register();
        UdpConfig.register();
        Configuration.setStandard(Configuration.createStandardWithoutFile());
    }

    /**
     * What the gateway answered.
     *
     * @param code the response code
     * @param text the payload as text
     * @param maxAgeSeconds the Max-Age option, or null when the answer has none (RFC 7252 §5.10.5: then 60 s)
     */
    public record Answer(ResponseCode code, String text, Long maxAgeSeconds) {

        /**
         * @param code the response code
         * @param text the payload as text
         */
        public Answer(ResponseCode code, String text) {
            this(code, text, null);
        }

        /** @return true if the gateway confirmed the reading is durable (2.04 Changed) */
        public boolean accepted() {
            return code == ResponseCode.CHANGED;
        }
    }

    private final String sensorId;
    private final CoapClient client;

    /**
     * @param host the gateway host
     * @param port the gateway's CoAP port
     * @param sensorId this sensor's id (the URI path names it)
     */
    public SimulatedSensor(String host, int port, String sensorId) {
        this.sensorId = sensorId;
        this.client = new CoapClient("coap://" + host + ":" + port + "/readings/" + sensorId);
        this.client.setTimeout(10_000L);
    }

    /** @return this sensor's id */
    public String sensorId() {
        return sensorId;
    }

    /**
     * Posts one temperature and one conductivity reading stamped {@code at}.
     *
     * @param at the observation time
     * @param temperature water temperature in degrees Celsius
     * @param conductivity electrical conductivity in microsiemens per centimetre
     * @return the gateway's answer, or null if it did not answer in time
     * @throws IOException if the request could not be sent
     */
    public Answer post(Instant at, double temperature, double conductivity) throws IOException {
        String senml = String.format(Locale.ROOT,
                "[{\"bt\":%d.%03d,\"n\":\"temperature\",\"u\":\"Cel\",\"v\":%.2f},"
                        + "{\"n\":\"conductivity\",\"u\":\"uS/cm\",\"v\":%.1f}]",
                at.getEpochSecond(), at.getNano() / 1_000_000, temperature, conductivity);
        return postRaw(senml, MediaTypeRegistry.APPLICATION_SENML_JSON);
    }

    /**
     * Posts an arbitrary payload.
     *
     * @param payload the text
     * @param contentFormat the CoAP content format number
     * @return the gateway's answer, or null if it did not answer in time
     * @throws IOException if the request could not be sent
     */
    public Answer postRaw(String payload, int contentFormat) throws IOException {
        try {
            CoapResponse response = client.post(payload, contentFormat);
            return response == null ? null : new Answer(response.getCode(), response.getResponseText(),
                    response.getOptions().hasMaxAge() ? response.getOptions().getMaxAge() : null);
        } catch (ConnectorException e) {
            throw new IOException("cannot reach the gateway at " + client.getURI(), e);
        }
    }

    @Override
    public void close() {
        client.shutdown();
    }
}
