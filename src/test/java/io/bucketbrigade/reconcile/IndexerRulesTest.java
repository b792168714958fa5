package io.bucketbrigade.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import com.mongodb.MongoClientSettings;
import io.bucketbrigade.support.Fixtures;
import org.bson.Document;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The indexer's rules that need no stack: valid locations, the look-back filter, what a root file holds. */
class IndexerRulesTest {

    @Nested
    class Locations {

        @ParameterizedTest
        @CsvSource({"s3://bucket/prefix,prefix", "s3://bucket/prefix/,prefix", "s3://bucket//prefix//,prefix",
                "S3://bucket/prefix,prefix", "s3://bucket/prefix?version=2,prefix", "' s3://bucket/pre\tfix',prefix"})
        void validAsIsRecordLocationValidDecides(String location, String prefix) {
            assertThat(DocDbToS3Job.prefix("bucket", location)).contains(prefix);
        }

        @ParameterizedTest
        @ValueSource(strings = {"s3://bucket", "s3://bucket/", "s3://bucket/a/b", "s3://bucket/a/b/",
                "s3://bucket-2/prefix", "s3://user@bucket/prefix", "https://bucket/prefix", "s3:bucket/prefix",
                "bucket/prefix"})
        void invalid(String location) {
            assertThat(DocDbToS3Job.prefix("bucket", location)).isEmpty();
        }
    }

    @Test
    void theLookBackComparesDatesAndIsoStringsAsPythonWritesIt() {
        String filter = DocDbToS3Job.lookBack(Instant.parse("2024-06-01T12:00:00.123456789Z"))
                .toBsonDocument(Document.class, MongoClientSettings.getDefaultCodecRegistry()).toJson();

        assertThat(filter).contains("\"$date\": \"2024-06-01T12:00:00.123Z\"")
                .contains("\"$gte\": \"2024-06-01T12:00:00.123456Z\"");
        assertThat(DocDbToS3Job.lookBack(Instant.parse("2024-06-01T12:00:00Z"))
                .toBsonDocument(Document.class, MongoClientSettings.getDefaultCodecRegistry()).toJson())
                .as("no fraction when there are no microseconds, as datetime.isoformat()")
                .contains("\"$gte\": \"2024-06-01T12:00:00Z\"");
    }

    @Nested
    class RootFiles {

        @Test
        void anyJsonValueButNullIsStored() {
            assertThat(RootFile.of(root("list"))).isEqualTo(new RootFile.Value(List.of(1, new Document("a", "é")
                    .append("b", java.util.Arrays.asList(null, 2.5)), List.of())));
            assertThat(RootFile.of(root("string"))).isEqualTo(new RootFile.Value("a plain string, not an object"));
            assertThat(RootFile.of(root("number"))).isEqualTo(new RootFile.Value(1.5));
        }

        @Test
        void nullAndNotJsonGiveNothingToRead() {
            assertThat(RootFile.of(root("null"))).isEqualTo(new RootFile.Nothing("JSON null"));
            assertThat(RootFile.of(Fixtures.utf8("{ not json"))).isEqualTo(new RootFile.Nothing("not JSON"));
        }

        @Test
        void whatDocumentDbCannotStoreIsRefusedByARule() {
            assertThat(RootFile.of(root("dotted-key"))).isInstanceOfSatisfying(RootFile.Unstorable.class, u ->
                    assertThat(u.rule()).isEqualTo(RootFile.KEY_RULE));
            assertThat(RootFile.of(root("dollar-key"))).isInstanceOfSatisfying(RootFile.Unstorable.class, u ->
                    assertThat(u.message()).startsWith("key '$ref' at $.devices[0]"));
            assertThat(RootFile.of(root("big-integer"))).isInstanceOfSatisfying(RootFile.Unstorable.class, u ->
                    assertThat(u.rule()).isEqualTo(RootFile.INTEGER_RULE));
            assertThat(RootFile.of(Fixtures.utf8("{\"a$b\": 1}"))).as("a '$' inside a key is storable")
                    .isInstanceOf(RootFile.Value.class);
        }

        private static byte[] root(String name) {
            return Fixtures.resource("aind-indexer/root-files/" + name + ".json");
        }
    }
}
