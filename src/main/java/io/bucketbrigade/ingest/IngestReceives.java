package io.bucketbrigade.ingest;

import java.util.List;
import java.util.stream.Stream;

import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.enrich.EnrichRequests;
import io.bucketbrigade.idempotency.ConfirmedByReceiveRepository;
import io.bucketbrigade.queues.MessageOutcome;
import io.bucketbrigade.queues.ReceiveRecords;
import io.bucketbrigade.queues.ReceivedMessage;
import io.bucketbrigade.queues.Receives;
import io.bucketbrigade.records.Catalogue;
import io.bucketbrigade.records.Lineage;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * What the ingest route does for a whole receive. Before its messages are handled (route ingest-receive-claims):
 * their object versions claimed in one transaction where it can. Once each was handled (route
 * ingest-receive-records): the catalogue entries of the files written to source in one bulk write, the lineage
 * events of every object version in one insert, the enrich requests and the dataset checks asked after refusals in
 * one SendMessageBatch each, the claims confirmed in one BatchWriteItem ({@link ReceiveRecords}). A message's
 * result is the list of its versions: an {@link IngestItem} for each it claimed; a version skipped as done, or as
 * brought earlier in the receive, stays its event.
 */
@Component("ingestReceives")
public class IngestReceives {

    private final ReceiveRecords<IngestItem> records;
    private final ConfirmedByReceiveRepository claims;
    private final S3EventParser events;
    private final Lineage lineage;
    private final Catalogue catalogue;
    private final EnrichRequests requests;
    private final String enrichQueue;
    private final String checksQueue;

    IngestReceives(Lineage lineage, Catalogue catalogue, Receives receives, EnrichRequests requests,
            @Qualifier("ingestIdempotency") ConfirmedByReceiveRepository claims, S3EventParser events,
            BrigadeProperties names) {
        this.records = new ReceiveRecords<>(IngestItem.class, item -> true,
                item -> item.getEvent().idempotencyKey(), claims, receives);
        this.claims = claims;
        this.events = events;
        this.lineage = lineage;
        this.catalogue = catalogue;
        this.requests = requests;
        this.enrichQueue = names.queues().get("enrich").name();
        this.checksQueue = names.queues().get("dataset-checks").name();
    }

    /**
     * Claims the object versions of a receive's messages in one DynamoDB transaction when none of them is done or
     * held elsewhere (poison messages bring none); otherwise none is claimed here, and each is claimed by its own
     * message's once-per-object-version step.
     *
     * @return how many versions were claimed together (0 when none)
     */
    public int claim(List<ReceivedMessage> messages) {
        return claims.claimReceive(messages.stream().flatMap(message -> events.peek(message.body()).stream())
                .map(ObjectEvent::idempotencyKey).toList());
    }

    /** The catalogue entries of the files the done messages wrote to source, in one request where it can. */
    public List<MessageOutcome> recordCatalogue(List<MessageOutcome> outcomes) {
        return records.write(outcomes, "catalogue", item -> item.getCatalogueEntry().stream(),
                catalogue::recordFiles);
    }

    /** One insert of the lineage events of every object version that the done messages took. */
    public List<MessageOutcome> recordLineage(List<MessageOutcome> outcomes) {
        return records.write(outcomes, "lineage", item -> item.getLineage().stream(), lineage::recordAll);
    }

    /** The enrich requests of the objects written to source, ten to a SendMessageBatch. */
    public List<MessageOutcome> requestEnrich(List<MessageOutcome> outcomes) {
        return records.request(outcomes, enrichQueue,
                item -> item.isWritten() ? Stream.of(requests.of(item)) : Stream.empty());
    }

    /**
     * A check of each dataset in which the receive refused an object, once per dataset: the refusal changes the
     * dataset's state, so a verdict made before it no longer holds.
     */
    public List<MessageOutcome> requestChecks(List<MessageOutcome> outcomes) {
        return records.request(outcomes, checksQueue,
                item -> item.isRejectedInDataset() ? Stream.of(item.datasetId()) : Stream.empty());
    }

    /** The claims of the done messages' versions confirmed, those of the messages left released. */
    public List<MessageOutcome> confirmClaims(List<MessageOutcome> outcomes) {
        return records.confirm(outcomes);
    }
}
