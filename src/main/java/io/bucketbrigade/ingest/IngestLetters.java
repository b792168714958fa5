package io.bucketbrigade.ingest;

import java.util.List;

import io.bucketbrigade.idempotency.DynamoDbIdempotentRepository;
import io.bucketbrigade.queues.Explanation;
import io.bucketbrigade.queues.LetterWork;
import io.bucketbrigade.queues.PoisonMessageException;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/** An ingest message's work is done when every object version of its S3 event was taken (copied or rejected). */
@Component
class IngestLetters implements LetterWork {

    private final S3EventParser events;
    private final DynamoDbIdempotentRepository taken;

    IngestLetters(S3EventParser events, @Qualifier("ingestIdempotency") DynamoDbIdempotentRepository taken) {
        this.events = events;
        this.taken = taken;
    }

    @Override
    public String queue() {
        return "ingest";
    }

    @Override
    public Explanation explain(String body) {
        List<ObjectEvent> versions;
        try {
            versions = events.parse(body);
        } catch (PoisonMessageException e) {
            return Explanation.refused(e.getMessage());
        }
        List<String> open = versions.stream().filter(v -> !taken.done(v.idempotencyKey())).map(ObjectEvent::url)
                .toList();
        if (open.isEmpty()) {
            return Explanation.done(versions.isEmpty() ? "no object version in it"
                    : "every object version in it was taken (" + versions.size() + ")");
        }
        return Explanation.pending("not taken yet: " + String.join(", ", open));
    }
}
