package io.bucketbrigade.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A dataset's experiment item read as a {@link DatasetRecord} and written back, attribute for attribute. */
class DatasetRecordTest {

    static final String AT = "2026-12-01T10:00:00Z";

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    /** An item as the server leaves it after ingest, a check, a rejected approval and a held output. */
    static Map<String, AttributeValue> checkedItem() {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("experimentId", s("exp-1"));
        item.put("experimentName", s("exp-1"));
        item.put("profile", s("tenx"));
        item.put("meta", AttributeValue.fromM(Map.of("type", s("tenx"),
                "gem2s", AttributeValue.fromM(Map.of("stateMachineArn", s(""))))));
        item.put("location", s("s3://brigade-source/exp-1"));
        item.put("createdDate", s("2026-12-01T09:00:00Z"));
        item.put("lastModified", s(AT));
        item.put("status", AttributeValue.fromM(Map.of("original", s("RECEIVED"), "source", s("INGESTED"),
                "processed", s("Invalid"), "production", s("HELD: the dataset is Invalid"))));
        item.put("originalFiles", n(4));
        item.put("originalBytes", n(4096));
        item.put("sourceFiles", n(3));
        item.put("sourceBytes", n(3072));
        item.put("processedFiles", n(3));
        item.put("processedBytes", n(3100));
        item.put("productionFiles", n(3));
        item.put("productionBytes", n(3100));
        item.put("rejectedFiles", n(1));
        item.put("changeVersion", n(7));
        item.put("checkedVersion", n(7));
        item.put("checkedAt", s(AT));
        item.put("verdictSha256", s("ab".repeat(32)));
        item.put("checks", AttributeValue.fromL(List.of(s("sample s1 has no matrix file."), s("second"))));
        item.put("summary", AttributeValue.fromM(Map.of("cells", n(2), "fraction", AttributeValue.fromN("0.5"),
                "samples", AttributeValue.fromM(Map.of("s1", AttributeValue.fromM(Map.of("status", s("Invalid"),
                        "checks", AttributeValue.fromL(List.of(s("sample s1 has no matrix file."))))))))));
        item.put("promotionRequestedVersion", n(6));
        item.put("approval", AttributeValue.fromM(Map.of("decision", s("rejected"), "by", s("curator-ann"),
                "at", s(AT), "reason", s("wrong plate map"), "version", n(7))));
        item.put("tampered", AttributeValue.fromM(Map.of("exp-1/s1/matrix.mtx.gz", s("overwritten from outside"))));
        item.put("publishedVersion", n(2));
        item.put("publishedAt", s(AT));
        item.put("brigadeSandbox", s("sandbox-1")); // an attribute the record does not name
        return item;
    }

    @Nested
    class Parsing {
        final DatasetRecord record = DatasetRecord.from(checkedItem());

        @Test
        void statusesAreEnums() {
            assertThat(record.status()).isEqualTo(new DatasetRecord.Statuses(DatasetRecord.OriginalStatus.RECEIVED,
                    DatasetRecord.SourceStatus.INGESTED, MetadataStatus.INVALID,
                    new ProductionStatus(ProductionStatus.State.HELD, "the dataset is Invalid")));
        }

        @Test
        void versionsCountsAndVerdict() {
            assertThat(record.changeVersion()).isEqualTo(7);
            assertThat(record.checkedVersion()).isEqualTo(7);
            assertThat(record.checkedIsCurrent()).isTrue();
            assertThat(record.promotionRequestedVersion()).isEqualTo(6);
            assertThat(record.promotionRequested()).isFalse();
            assertThat(record.counts()).isEqualTo(new DatasetRecord.Counts(4, 4096, 3, 3072, 3, 3100, 3, 3100, 1));
            assertThat(record.checks()).containsExactly("sample s1 has no matrix file.", "second");
            assertThat(record.summary()).containsEntry("cells", 2L).containsEntry("fraction", 0.5);
            assertThat(record.checkedAt()).isEqualTo(Instant.parse(AT));
        }

        @Test
        void approvalTamperedAndPublication() {
            assertThat(record.approval()).isEqualTo(new Approval(Approval.Decision.REJECTED, "curator-ann", AT,
                    "wrong plate map", 7));
            assertThat(record.approval().approved()).isFalse();
            assertThat(record.tampered()).containsExactly(Map.entry("exp-1/s1/matrix.mtx.gz",
                    "overwritten from outside"));
            assertThat(record.publishedVersion()).isEqualTo(2);
            assertThat(record.profile()).isEqualTo("tenx");
            assertThat(record.other()).containsExactly(Map.entry("brigadeSandbox", "sandbox-1"));
        }

        @Test
        void aNewItemIsNeitherCheckedNorAsked() {
            DatasetRecord fresh = DatasetRecord.from(Map.of("experimentId", s("exp-2"), "changeVersion", n(3)));
            assertThat(fresh.checkedVersion()).isEqualTo(DatasetRecord.NEVER);
            assertThat(fresh.checked()).isFalse();
            assertThat(fresh.checkedIsCurrent()).isFalse();
            assertThat(fresh.approval()).isNull();
            assertThat(fresh.status().view()).isEmpty();
            assertThat(fresh.lastProgress()).isEqualTo(Instant.EPOCH);
        }

        @Test
        void anUnreadableTimeCountsAsNone() {
            Map<String, AttributeValue> item = checkedItem();
            item.put("lastModified", s("yesterday"));
            assertThat(DatasetRecord.from(item).lastModified()).isNull();
            assertThat(DatasetRecord.from(item).lastProgress()).isEqualTo(Instant.parse(AT)); // checkedAt
        }
    }

    @Nested
    class RoundTrip {
        @Test
        void anItemReadAndWrittenBackIsTheSameItem() {
            Map<String, AttributeValue> item = checkedItem();
            assertThat(DatasetRecord.from(item).item()).isEqualTo(item);
        }

        @Test
        void aRecordWrittenAndReadBackIsTheSameRecord() {
            DatasetRecord record = DatasetRecord.from(checkedItem());
            assertThat(DatasetRecord.from(record.item())).isEqualTo(record);
        }

        @Test
        void aNewDatasetsItemHasTheLayoutCellenicsReads() {
            Instant now = Instant.parse(AT);
            Map<String, AttributeValue> item = DatasetRecord.created("exp-3", "tenx", "s3://brigade-source/exp-3",
                    now).item();
            assertThat(item).isEqualTo(Map.of(
                    "experimentId", s("exp-3"),
                    "experimentName", s("exp-3"),
                    "createdDate", s(AT),
                    "lastModified", s(AT),
                    "profile", s("tenx"),
                    "meta", AttributeValue.fromM(Map.of("type", s("tenx"))),
                    "location", s("s3://brigade-source/exp-3"),
                    "status", AttributeValue.fromM(Map.of("original", s("RECEIVING"), "source", s("INGESTING")))));
        }
    }

    @Nested
    class Statuses {
        @Test
        void productionStatusesKeepTheirDetail() {
            assertThat(ProductionStatus.of("HELD: rejected by ann (plate: wrong)")).isEqualTo(
                    ProductionStatus.held("rejected by ann (plate: wrong)"));
            assertThat(ProductionStatus.of("AWAITING_APPROVAL")).isEqualTo(ProductionStatus.AWAITING_APPROVAL);
            assertThat(ProductionStatus.waiting("not checked yet").wire()).isEqualTo("WAITING: not checked yet");
            assertThat(ProductionStatus.PUBLISHED.wire()).isEqualTo("PUBLISHED");
        }

        @Test
        void metadataStatusesAreStoredAsCellenicsSpellsThem() {
            assertThat(MetadataStatus.of("Missing")).isEqualTo(MetadataStatus.MISSING);
            assertThat(MetadataStatus.VALID.wire()).isEqualTo("Valid");
            assertThatThrownBy(() -> MetadataStatus.of("VALID")).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
