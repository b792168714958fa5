package io.bucketbrigade.enrich;

import java.util.List;
import java.util.stream.Stream;

import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.idempotency.ConfirmedByReceiveRepository;
import io.bucketbrigade.queues.MessageOutcome;
import io.bucketbrigade.queues.ReceiveRecords;
import io.bucketbrigade.queues.Receives;
import io.bucketbrigade.records.Lineage;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * The records that the enrich route writes for a whole receive (route enrich-receive-records), once each of its
 * messages was handled: the lineage events of every object in one insert, one check request per dataset the
 * receive changed in one SendMessageBatch, the claims in one BatchWriteItem ({@link ReceiveRecords}). A message's
 * result is its {@link EnrichItem}; one skipped (not in source, done already, or brought earlier in the receive)
 * has nothing recorded.
 */
@Component("enrichReceives")
public class EnrichReceives {

    private final ReceiveRecords<EnrichItem> records;
    private final Lineage lineage;
    private final String checksQueue;

    EnrichReceives(Lineage lineage, Receives receives,
            @Qualifier("enrichIdempotency") ConfirmedByReceiveRepository claims, BrigadeProperties names) {
        this.records = new ReceiveRecords<>(EnrichItem.class, EnrichItem::isRecorded, EnrichItem::getIdempotencyKey,
                claims, receives);
        this.lineage = lineage;
        this.checksQueue = names.queues().get("dataset-checks").name();
    }

    /** One insert of the lineage events of every object that the done messages took to processed. */
    public List<MessageOutcome> recordLineage(List<MessageOutcome> outcomes) {
        return records.write(outcomes, "lineage", item -> item.getLineage().stream(), lineage::recordAll);
    }

    /** A check of each dataset the receive changed, once per dataset. */
    public List<MessageOutcome> requestChecks(List<MessageOutcome> outcomes) {
        return records.request(outcomes, checksQueue, item -> Stream.of(item.getEntry().datasetId()));
    }

    /** The claims of the done messages' objects confirmed, those of the messages left released. */
    public List<MessageOutcome> confirmClaims(List<MessageOutcome> outcomes) {
        return records.confirm(outcomes);
    }
}
