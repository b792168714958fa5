package io.bucketbrigade.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class SequencerTest {

    @Test
    void valuesOfDifferentLengthsCompareAfterLeftPadding() {
        assertThat(Sequencer.isOlder("0055AED6DCD90281E5", "0055AED6DCD90281E6")).isTrue();
        assertThat(Sequencer.isOlder("FF", "0100")).isTrue();
        assertThat(Sequencer.isOlder("0100", "FF")).isFalse();
        assertThat(Sequencer.normalize("ab")).hasSize(32).endsWith("AB");
    }

    @Test
    void aMissingOrMalformedSequencerOrdersFirst() {
        assertThat(Sequencer.normalize(null)).isEqualTo("0".repeat(32));
        assertThat(Sequencer.normalize("not-hex")).isEqualTo("0".repeat(32));
    }

    @Test
    void theWatcherOrdersByModificationTime() {
        assertThat(Sequencer.isOlder(Sequencer.fromTime(Instant.ofEpochMilli(1000)),
                Sequencer.fromTime(Instant.ofEpochMilli(2000)))).isTrue();
    }
}
