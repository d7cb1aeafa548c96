package io.cityhub.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LoraLedgerTest {

    private static final List<String> CHANNELS = List.of("temperature", "humidity");
    private static final long T0 = 1_796_000_000_000_000L;

    @Test
    void aFrameNotLaterThanThePreviousIsRefused() {
        LoraLedger ledger = new LoraLedger(CHANNELS);
        ledger.sent(0, T0, 5, false);
        assertThatThrownBy(() -> ledger.sent(1, T0, 5, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not above");
        assertThatThrownBy(() -> ledger.sent(1, T0 - 1, 5, false)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ledger.frames()).isEqualTo(1);
    }

    @Test
    void anEmptyChannelListIsRefused() {
        assertThatThrownBy(() -> new LoraLedger(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRecordMatchingNoFrameDeviceOrChannelIsForeign() {
        LoraLedger ledger = new LoraLedger(CHANNELS);
        ledger.sent(3, T0, 5, false);
        assertThat(ledger.arrived(3, "temperature", T0 + 1)).isEqualTo(-1);
        assertThat(ledger.arrived(4, "temperature", T0)).isEqualTo(-1);
        assertThat(ledger.arrived(3, "pressure", T0)).isEqualTo(-1);
        assertThat(ledger.foreign.sum()).isEqualTo(3);
        assertThat(ledger.uniqueArrivals.sum()).isZero();
    }

    @Test
    void aPushAckedFrameWithAMissingReadingIsLostInItsPhase() {
        LoraLedger ledger = new LoraLedger(CHANNELS);
        long a = ledger.sent(0, T0, 5, false);
        long b = ledger.sent(1, T0 + 7, 6, false);
        ledger.accepted(a);
        ledger.accepted(b);
        ledger.accepted(b); // a second PUSH_ACK changes nothing
        assertThat(ledger.acceptedReadings.sum()).isEqualTo(4);
        assertThat(ledger.arrived(0, "temperature", T0)).isEqualTo(a);
        assertThat(ledger.arrived(0, "humidity", T0)).isEqualTo(a);
        assertThat(ledger.arrived(1, "humidity", T0 + 7)).isEqualTo(b);

        LoraLedger.Outcome outcome = ledger.verify(8);
        assertThat(outcome.lost()).isEqualTo(1);
        assertThat(outcome.lostByPhase()[6]).isEqualTo(1);
        assertThat(outcome.lostByPhase()[5]).isZero();
        assertThat(ledger.uniqueArrivals.sum()).isEqualTo(3);
    }

    @Test
    void readingsOfAFrameWithoutPushAckAreNotLostButCountedWhenTheyArrive() {
        LoraLedger ledger = new LoraLedger(CHANNELS);
        long a = ledger.sent(0, T0, 5, false);
        long b = ledger.sent(0, T0 + 1, 5, false);
        ledger.noAck(a);
        ledger.noAck(b);
        ledger.arrived(0, "temperature", T0 + 1);
        LoraLedger.Outcome outcome = ledger.verify(8);
        assertThat(outcome.lost()).isZero();
        assertThat(outcome.arrivedUnaccepted()).isEqualTo(1);
        assertThat(ledger.acceptedReadings.sum()).isZero();
        assertThat(ledger.framesNoAck.sum()).isEqualTo(2);
    }

    @Test
    void aLatePushAckStillCountsAsReceived() {
        LoraLedger ledger = new LoraLedger(CHANNELS);
        long a = ledger.sent(0, T0, 5, false);
        ledger.noAck(a);
        ledger.accepted(a);
        ledger.accepted(a);
        assertThat(ledger.framesNoAck.sum()).isZero();
        assertThat(ledger.lateAcks.sum()).isEqualTo(1);
        assertThat(ledger.acceptedReadings.sum()).isEqualTo(2);
        assertThat(ledger.verify(8).lost()).isEqualTo(2);
    }

    @Test
    void aWithdrawnStartUpFrameIsNeitherAcceptedNorLost() {
        LoraLedger ledger = new LoraLedger(CHANNELS);
        long dropped = ledger.sent(0, T0, 0, false);
        long ready = ledger.sent(0, T0 + 1, 0, false);
        ledger.accepted(dropped);
        ledger.accepted(ready);
        ledger.withdraw(dropped);
        ledger.accepted(dropped); // a late PUSH_ACK does not bring it back
        ledger.arrived(0, "temperature", T0 + 1);
        ledger.arrived(0, "humidity", T0 + 1);
        assertThat(ledger.acceptedReadings.sum()).isEqualTo(2);
        assertThat(ledger.framesAccepted.sum()).isEqualTo(1);
        assertThat(ledger.verify(8).lost()).isZero();
    }

    @Test
    void duplicatesAreCountedOnceEachAndNotAsNewArrivals() {
        LoraLedger ledger = new LoraLedger(CHANNELS);
        long a = ledger.sent(2, T0, 5, false);
        ledger.accepted(a);
        ledger.arrived(2, "temperature", T0);
        ledger.arrived(2, "temperature", T0);
        ledger.arrived(2, "temperature", T0);
        assertThat(ledger.arrivals(a, 0)).isEqualTo(3);
        assertThat(ledger.uniqueArrivals.sum()).isEqualTo(1);
        assertThat(ledger.duplicateArrivals.sum()).isEqualTo(2);
        assertThat(ledger.verify(8).duplicatesByPhase()[5]).isEqualTo(2);
    }

    @Test
    void aConfirmedUplinkAckedWhoseReadingsDidNotAllArriveBreaksDurability() {
        LoraLedger ledger = new LoraLedger(CHANNELS);
        long acked = ledger.sent(0, T0, 5, true);
        long whole = ledger.sent(1, T0 + 1, 5, true);
        long waiting = ledger.sent(2, T0 + 2, 5, true);
        long unconfirmed = ledger.sent(3, T0 + 3, 5, false);
        for (long f = acked; f <= unconfirmed; f++) {
            ledger.accepted(f);
        }
        assertThat(ledger.confirmedAcked(acked)).isTrue();
        assertThat(ledger.confirmedAcked(acked)).as("a second ACK").isFalse();
        assertThat(ledger.confirmedAcked(unconfirmed)).as("an ACK for an unconfirmed uplink").isFalse();
        assertThat(ledger.confirmedAcked(whole)).isTrue();
        ledger.arrived(0, "temperature", T0);
        ledger.arrived(1, "temperature", T0 + 1);
        ledger.arrived(1, "humidity", T0 + 1);
        LoraLedger.Outcome outcome = ledger.verify(8);
        assertThat(outcome.confirmedAckedButLost()).isEqualTo(1);
        assertThat(outcome.confirmedWithoutAck()).isEqualTo(1);
        assertThat(outcome.confirmedAcceptedWithoutAck()).isEqualTo(1);
        assertThat(ledger.confirmation(waiting)).isEqualTo(LoraLedger.CONFIRMED_PENDING);
        assertThat(ledger.confirmedSent.sum()).isEqualTo(3);
        assertThat(ledger.confirmedAcked.sum()).isEqualTo(2);
    }

    @Test
    void framesAreFoundByTimeAcrossChunkBoundaries() {
        LoraLedger ledger = new LoraLedger(CHANNELS);
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            ledger.sent(i % 1000, T0 + 3L * i, 5, false);
        }
        for (int i : new int[] {0, 1, 65_535, 65_536, 131_072, n - 1}) {
            assertThat(ledger.find(T0 + 3L * i)).isEqualTo(i);
            assertThat(ledger.find(T0 + 3L * i + 1)).isEqualTo(-1);
        }
        assertThat(ledger.find(T0 - 1)).isEqualTo(-1);
        assertThat(ledger.arrived(65_536 % 1000, "humidity", T0 + 3L * 65_536)).isEqualTo(65_536);
    }
}
