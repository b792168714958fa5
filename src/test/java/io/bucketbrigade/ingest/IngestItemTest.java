package io.bucketbrigade.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;

import io.bucketbrigade.records.LedgerEntry;
import org.junit.jupiter.api.Test;

/**
 * The ledger entry an item carries to its outcome's write: "not read yet" (the write reads it) differs from "read,
 * and there was none" (the write starts from nothing).
 */
class IngestItemTest {

    final IngestItem item = new IngestItem(new ObjectEvent("brigade-original-test", "d/s1/genes.tsv", 10, "e1", "01",
            "ObjectCreated:Put", Instant.EPOCH, "test"));

    @Test
    void aLedgerNotReadIsNotTakenForAnEmptyOne() {
        assertThat(item.hasLedgerRead()).isFalse();
        assertThatThrownBy(item::getLedgerRead).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("d/s1/genes.tsv");
    }

    @Test
    void aLedgerReadEmptyOrNotIsKeptAsRead() {
        item.markLedgerRead(Optional.empty());
        assertThat(item.hasLedgerRead()).isTrue();
        assertThat(item.getLedgerRead()).isEmpty();

        LedgerEntry entry = new LedgerEntry("d", "d/s1/genes.tsv", "brigade-original-test", "e0", "00", 10,
                LedgerEntry.State.COPIED, "tenx", "features", "s1", null, null, null, null, null, 0, null, null,
                "u0", Instant.EPOCH);
        item.markLedgerRead(Optional.of(entry));
        assertThat(item.getLedgerRead()).contains(entry);
    }
}
