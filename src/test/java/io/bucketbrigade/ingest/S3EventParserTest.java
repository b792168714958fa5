package io.bucketbrigade.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import io.bucketbrigade.queues.PoisonMessageException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

public class S3EventParserTest {

    final S3EventParser parser = new S3EventParser();

    public static String record(String eventName, String key, String eTag, String sequencer) {
        return """
                {"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1",
                 "eventTime":"2024-05-01T10:00:00.000Z","eventName":"%s",
                 "s3":{"s3SchemaVersion":"1.0","bucket":{"name":"orig","arn":"arn:aws:s3:::orig"},
                       "object":{"key":"%s","size":1024,"eTag":"%s","sequencer":"%s"}}}
                """.formatted(eventName, key, eTag, sequencer);
    }

    public static String message(String... records) {
        return "{\"Records\":[" + String.join(",", records) + "]}";
    }

    @Nested
    class Takes {

        @Test
        void everyObjectCreatedKind() {
            List<ObjectEvent> events = parser.parse(message(
                    record("ObjectCreated:Put", "a/1.txt", "e1", "0A"),
                    record("ObjectCreated:Post", "a/2.txt", "e2", "0B"),
                    record("ObjectCreated:Copy", "a/3.txt", "e3", "0C"),
                    record("ObjectCreated:CompleteMultipartUpload", "a/4.txt", "e4-2", "0D")));

            assertThat(events).extracting(ObjectEvent::key).containsExactly("a/1.txt", "a/2.txt", "a/3.txt", "a/4.txt");
            ObjectEvent first = events.get(0);
            assertThat(first.bucket()).isEqualTo("orig");
            assertThat(first.size()).isEqualTo(1024);
            assertThat(first.eTag()).isEqualTo("e1");
            assertThat(first.sequencer()).isEqualTo(Sequencer.normalize("0A"));
        }

        @Test
        void urlEncodedKeysWithSpacesAsPlus() {
            ObjectEvent event = parser.parse(message(record("ObjectCreated:Put", "data/my+file%281%29.txt", "e", "1")))
                    .get(0);

            assertThat(event.key()).isEqualTo("data/my file(1).txt");
        }

        @Test
        void theSameEventTwiceHasTheSameIdempotencyKey() {
            String body = message(record("ObjectCreated:Put", "a/1.txt", "e1", "0A"));

            assertThat(parser.parse(body).get(0).idempotencyKey()).isEqualTo(parser.parse(body).get(0).idempotencyKey())
                    .isEqualTo("s3://orig/a/1.txt#e1@" + Sequencer.normalize("0A"));
        }

        @Test
        void eventsWrappedInAnSnsNotification() {
            String inner = message(record("ObjectCreated:Put", "a/1.txt", "e1", "0A")).replace("\"", "\\\"")
                    .replace("\n", " ");
            String sns = "{\"Type\":\"Notification\",\"MessageId\":\"m\",\"Message\":\"" + inner + "\"}";

            assertThat(parser.parse(sns)).extracting(ObjectEvent::key).containsExactly("a/1.txt");
        }
    }

    @Nested
    class Ignores {

        @Test
        void theS3TestEvent() {
            assertThat(parser.parse("{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Time\":\"2024-05-01T10:00:00Z\","
                    + "\"Bucket\":\"orig\",\"RequestId\":\"r\",\"HostId\":\"h\"}")).isEmpty();
        }

        @Test
        void removalsAndOtherEventTypes() {
            assertThat(parser.parse(message(record("ObjectRemoved:Delete", "a/1.txt", "e1", "0A"),
                    record("ObjectCreated:Put", "a/2.txt", "e2", "0B"))))
                    .extracting(ObjectEvent::key).containsExactly("a/2.txt");
        }
    }

    @Nested
    class RefusesAsPoison {

        @Test
        void textThatIsNotJson() {
            assertThatThrownBy(() -> parser.parse("hello, this is not an event"))
                    .isInstanceOf(PoisonMessageException.class)
                    .hasMessageStartingWith("not JSON: ")
                    .hasMessageContaining("'hello, this is not an event'");
        }

        @Test
        void jsonThatIsNotAnS3Event() {
            assertThatThrownBy(() -> parser.parse("{\"hello\":\"world\"}"))
                    .isInstanceOf(PoisonMessageException.class)
                    .hasMessageStartingWith("not an S3 event notification: no Records array");
        }

        @Test
        void aRecordWithoutAKey() {
            assertThatThrownBy(() -> parser.parse(message(record("ObjectCreated:Put", "", "e", "1"))))
                    .isInstanceOf(PoisonMessageException.class)
                    .hasMessage("record 0 has no s3.object.key");
        }

        @Test
        void anOversizedMessage() {
            assertThatThrownBy(() -> parser.parse("{\"Records\":[],\"pad\":\"" + "x".repeat(300_000) + "\"}"))
                    .isInstanceOf(PoisonMessageException.class)
                    .hasMessageContaining("is larger than any S3 event");
        }

        @Test
        void anEmptyMessage() {
            assertThatThrownBy(() -> parser.parse("  ")).isInstanceOf(PoisonMessageException.class)
                    .hasMessageStartingWith("empty message");
        }
    }

    /** The look ahead of the ingest hop's receive claims: what parse takes, and nothing for a poison message. */
    @Nested
    class Peeks {

        @Test
        void theVersionsThatParseTakes() {
            String body = message(record("ObjectCreated:Put", "a/1.txt", "e1", "0A"),
                    record("ObjectRemoved:Delete", "a/2.txt", "e2", "0B"));

            assertThat(parser.peek(body)).extracting(ObjectEvent::idempotencyKey)
                    .containsExactly(parser.parse(body).get(0).idempotencyKey());
        }

        @Test
        void nothingInAPoisonMessage() {
            assertThat(parser.peek("not json")).isEmpty();
            assertThat(parser.peek(message("{\"eventName\":\"ObjectCreated:Put\"}"))).isEmpty();
        }
    }
}
