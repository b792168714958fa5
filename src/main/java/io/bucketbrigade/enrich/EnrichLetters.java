package io.bucketbrigade.enrich;

import io.bucketbrigade.idempotency.DynamoDbIdempotentRepository;
import io.bucketbrigade.queues.PoisonMessageException;
import io.bucketbrigade.queues.Explanation;
import io.bucketbrigade.queues.LetterWork;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * An enrich message's work is done when the object's version now in source was taken to processed, or when the
 * object is no longer in source (the enrich route would skip it as well).
 */
@Component
class EnrichLetters implements LetterWork {

    private final EnrichRequests requests;
    private final ProcessedWriter writer;
    private final DynamoDbIdempotentRepository taken;

    EnrichLetters(EnrichRequests requests, ProcessedWriter writer,
            @Qualifier("enrichIdempotency") DynamoDbIdempotentRepository taken) {
        this.requests = requests;
        this.writer = writer;
        this.taken = taken;
    }

    @Override
    public String queue() {
        return "enrich";
    }

    @Override
    public Explanation explain(String body) {
        EnrichItem item;
        try {
            item = writer.load(requests.parse(body));
        } catch (PoisonMessageException e) {
            return Explanation.refused(e.getMessage());
        }
        if (item.isSkipped()) {
            return Explanation.done("nothing to take: " + item.getSkipped());
        }
        String version = item.getEntry().sourceKey() + " (SHA-256 " + item.getEntry().sourceSha256() + ")";
        return taken.done(item.getIdempotencyKey()) ? Explanation.done("taken to processed: " + version)
                : Explanation.pending("not taken to processed yet: " + version);
    }
}
