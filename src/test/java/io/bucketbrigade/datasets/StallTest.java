package io.bucketbrigade.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.bucketbrigade.records.StoredItems;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Stalls as the experiment items stored in DynamoDB show them. */
class StallTest {

    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    static final Duration AFTER = Duration.ofMinutes(10);
    static final String LONG_AGO = "2026-12-01T11:00:00Z";

    /** An experiment item: changed twice, all its files processed, last touched an hour ago. */
    static Map<String, AttributeValue> item() {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("experimentId", AttributeValue.fromS("d1"));
        item.put("changeVersion", AttributeValue.fromN("2"));
        item.put("sourceFiles", AttributeValue.fromN("3"));
        item.put("processedFiles", AttributeValue.fromN("3"));
        item.put("lastModified", AttributeValue.fromS(LONG_AGO));
        item.put("createdDate", AttributeValue.fromS(LONG_AGO));
        return item;
    }

    static Map<String, AttributeValue> checked(String processed, String production) {
        Map<String, AttributeValue> item = item();
        item.put("checkedVersion", AttributeValue.fromN("2"));
        item.put("checkedAt", AttributeValue.fromS(LONG_AGO));
        item.put("promotionRequestedVersion", AttributeValue.fromN("2"));
        Map<String, AttributeValue> status = new HashMap<>(Map.of("processed", AttributeValue.fromS(processed)));
        if (production != null) {
            status.put("production", AttributeValue.fromS(production));
        }
        item.put("status", AttributeValue.fromM(status));
        return item;
    }

    static Optional<Stall.Reason> reason(Map<String, AttributeValue> item) {
        return Stall.of(StoredItems.dataset(item), NOW, AFTER).map(Stall::reason);
    }

    @Nested
    class Stalled {
        @Test
        void filesInSourceNotProcessed() {
            Map<String, AttributeValue> item = item();
            item.put("processedFiles", AttributeValue.fromN("1"));
            Stall stall = Stall.of(StoredItems.dataset(item), NOW, AFTER).orElseThrow();
            assertThat(stall.reason()).isEqualTo(Stall.Reason.FILES_NOT_PROCESSED);
            assertThat(stall.detail()).isEqualTo("2 of 3 file(s) in source not processed");
            assertThat(stall.since()).isEqualTo(Instant.parse(LONG_AGO));
        }

        @Test
        void neverChecked() {
            assertThat(Stall.of(StoredItems.dataset(item()), NOW, AFTER).orElseThrow().detail())
                    .isEqualTo("changed (version 2) and not checked yet");
        }

        @Test
        void changedSinceItsLastCheck() {
            Map<String, AttributeValue> item = checked("Valid", "PUBLISHED");
            item.put("changeVersion", AttributeValue.fromN("3"));
            assertThat(reason(item)).contains(Stall.Reason.CHECK_NOT_RUN);
        }

        @Test
        void checkedButThePromotionGateNeverAsked() {
            Map<String, AttributeValue> item = checked("Valid", null);
            item.remove("promotionRequestedVersion");
            assertThat(reason(item)).contains(Stall.Reason.PROMOTION_NOT_REQUESTED);
        }

        @Test
        void askedAndTheGateNeverAnswered() {
            assertThat(reason(checked("Valid", null))).contains(Stall.Reason.PROMOTION_NOT_DECIDED);
            assertThat(reason(checked("Valid", "WAITING: not checked yet")))
                    .contains(Stall.Reason.PROMOTION_NOT_DECIDED);
        }

        @Test
        void settlingWhoseWakeUpsStoppedComing() {
            Map<String, AttributeValue> item = checked("Valid", "WAITING: receiving files");
            item.put("settleWakeAt", AttributeValue.fromS(NOW.minus(AFTER).minusSeconds(1).toString()));
            assertThat(reason(item)).contains(Stall.Reason.PROMOTION_NOT_DECIDED);
        }

        @Test
        void waitingForAMarkerFileSaysSo() {
            Map<String, AttributeValue> item = checked("Valid", "WAITING: no done file yet");
            assertThat(Stall.of(StoredItems.dataset(item), NOW, AFTER).orElseThrow().detail())
                    .isEqualTo("the promotion gate keeps it waiting (WAITING: no done file yet)");
        }
    }

    @Nested
    class NotStalled {
        @Test
        void withAVerdict() {
            assertThat(reason(checked("Valid", "PUBLISHED"))).isEmpty();
            assertThat(reason(checked("Invalid", "HELD: the dataset is Invalid"))).isEmpty();
            assertThat(reason(checked("Valid", "AWAITING_APPROVAL"))).isEmpty();
        }

        @Test
        void whileItMadeProgressRecently() {
            Map<String, AttributeValue> item = item();
            item.put("lastModified", AttributeValue.fromS(NOW.minus(AFTER).plusSeconds(1).toString()));
            assertThat(reason(item)).isEmpty();
        }

        @Test
        void whileItsDepositSettlesAndItsWakeUpIsComing() {
            Map<String, AttributeValue> item = checked("Valid", "WAITING: receiving files");
            item.put("settleWakeAt", AttributeValue.fromS(NOW.plusSeconds(600).toString()));
            assertThat(reason(item)).isEmpty();
        }

        @Test
        void whenItsLastCheckWasRecent() {
            Map<String, AttributeValue> item = checked("Valid", null);
            item.put("checkedAt", AttributeValue.fromS(NOW.minusSeconds(5).toString()));
            assertThat(reason(item)).isEmpty();
        }
    }
}
