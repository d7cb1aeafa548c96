package io.cityhub.sensor.lora.lorawan;

/**
 * A frame LoRaWAN 1.0.x gives no structure to: Proprietary (MType 111) and Rejoin-request (RFU in 1.0.x, 110).
 *
 * @param mtype PROPRIETARY or REJOIN_REQUEST
 * @param phy the frame as received
 */
public record OpaqueFrame(MType mtype, byte[] phy) implements PhyPayload {
}
