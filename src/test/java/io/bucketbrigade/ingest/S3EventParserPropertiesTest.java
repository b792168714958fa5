package io.bucketbrigade.ingest;

import java.util.List;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.bucketbrigade.queues.PoisonMessageException;
import io.bucketbrigade.support.Bounded;
import io.bucketbrigade.support.Mutations;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Queue messages generated from real S3 event notifications, mutated: the object versions they announce, or a
 * poison message with its reason ({@link PoisonMessageException}, dead-lettered at once), never another exception,
 * within {@link Bounded}'s time and memory. {@code -Dbrigade.properties.long=true} runs 100,000 cases.
 */
class S3EventParserPropertiesTest {

    final S3EventParser parser = new S3EventParser();

    void holds(String body) {
        Bounded.call(() -> {
            try {
                return parser.parse(body);
            } catch (PoisonMessageException poison) {
                return poison.getMessage();
            }
        });
    }

    @Property(tries = 300)
    void messages(@ForAll("bodies") String body) {
        holds(body);
    }

    @Property(tries = Bounded.LONG_TRIES)
    @AddLifecycleHook(Bounded.LongVersion.class)
    void messagesLong(@ForAll("bodies") String body) {
        holds(body);
    }

    @Provide
    Arbitrary<String> bodies() {
        String record = S3EventParserTest.record("ObjectCreated:Put", "ds/a%20b+c.txt",
                "0123456789abcdef0123456789abcdef", "02");
        String message = S3EventParserTest.message(record, record.replace("ObjectCreated:Put", "ObjectRemoved:Delete"));
        String sns = "{\"Type\":\"Notification\",\"Message\":\"" + new String(JsonStringEncoder.getInstance()
                .quoteAsString(message)) + "\"}";
        return Mutations.ofText(List.of(message, sns, "{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\"}"));
    }
}
