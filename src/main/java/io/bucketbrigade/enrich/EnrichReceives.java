package io.bucketbrigade.enrich;

import java.util.List;
import java.util.stream.Stream;

import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.idempotency.ConfirmedByReceiveRepository;
import io.bucketbrigade.queues.MessageOutcome;
import io.bucketbrigade.queues.ReceiveRecords;
import io.bucketbrigade.queues.ReceivedMessage;
import io.bucketbrigade.queues.Receives;
import io.bucketbrigade.records.Catalogue;
import io.bucketbrigade.records.Lineage;
import io.bucketbrigade.records.ObjectLedger;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * What the enrich route does for a whole receive. Before its messages are handled (route enrich-receive-claims): the
 * source versions they name claimed in one transaction where it can. Once each was handled (route
 * enrich-receive-records): the facts of every object in the catalogue in one bulk write, their processed marks and
 * their datasets' counters in the ledger in one transaction, the lineage events in one insert, one check request per
 * dataset the receive changed in one SendMessageBatch, the claims in one BatchWriteItem ({@link ReceiveRecords}).
 * A message's result is its {@link EnrichItem}; one skipped (not in source, done already, or brought earlier in the
 * receive) has nothing recorded.
 */
@Component("enrichReceives")
public class EnrichReceives {

    private final ReceiveRecords<EnrichItem> records;
    private final ConfirmedByReceiveRepository claims;
    private final EnrichRequests requests;
    private final Lineage lineage;
    private final Catalogue catalogue;
    private final ObjectLedger ledger;
    private final String checksQueue;

    EnrichReceives(Lineage lineage, Catalogue catalogue, ObjectLedger ledger, Receives receives,
            EnrichRequests requests, @Qualifier("enrichIdempotency") ConfirmedByReceiveRepository claims,
            BrigadeProperties names) {
        this.records = new ReceiveRecords<>(EnrichItem.class, EnrichItem::isRecorded, EnrichItem::getIdempotencyKey,
                claims, receives);
        this.claims = claims;
        this.requests = requests;
        this.lineage = lineage;
        this.catalogue = catalogue;
        this.ledger = ledger;
        this.checksQueue = names.queues().get("dataset-checks").name();
    }

    /**
     * Claims the source versions that a receive's requests name in one DynamoDB transaction when none of them is done
     * or held elsewhere (a poison message, or a request that names no version, brings none); otherwise none is
     * claimed here, and each is claimed by its message's once-per-source-version step. A request whose object the
     * ledger has in a newer version by then claims that one on its own; the version claimed here and never taken is
     * released by confirm-claims.
     *
     * @return how many versions were claimed together (0 when none)
     */
    public int claim(List<ReceivedMessage> messages) {
        return claims.claimReceive(messages.stream().flatMap(message -> requests.peek(message.body()).stream())
                .flatMap(request -> request.idempotencyKey().stream()).toList());
    }

    /** The facts of every object the done messages took to processed, in the catalogue in one request. */
    public List<MessageOutcome> recordCatalogue(List<MessageOutcome> outcomes) {
        return records.write(outcomes, "catalogue", item -> item.getCatalogueEntry().stream(),
                catalogue::recordProcessedAll);
    }

    /**
     * The processed marks of those objects in the ledger, and their datasets' counters and change versions, in one
     * transaction where it can; after their catalogue entries, which a dataset check reads once the change version
     * moved.
     */
    public List<MessageOutcome> recordProcessed(List<MessageOutcome> outcomes) {
        return records.write(outcomes, "processed marks", item -> item.getLedgerMark().stream(),
                ledger::recordProcessedAll);
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
