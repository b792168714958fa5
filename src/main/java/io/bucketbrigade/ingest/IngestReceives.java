package io.bucketbrigade.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

import com.mongodb.MongoException;
import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.enrich.EnrichRequests;
import io.bucketbrigade.idempotency.ConfirmedByReceiveRepository;
import io.bucketbrigade.queues.MessageOutcome;
import io.bucketbrigade.queues.Receives;
import io.bucketbrigade.records.Lineage;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The records that the ingest route writes for a whole receive (route ingest-receive-records), once each of its
 * messages was handled: the lineage events of every object version in one insert, the enrich requests and the
 * dataset checks asked after refusals in one SendMessageBatch each, the claims in one BatchWriteItem. Each step takes the receive's message outcomes and gives them
 * back; a message whose records it could not write is left (it returns after its visibility timeout and is done
 * again, every write being idempotent), and the others go on. The claims are confirmed last, so that a version whose
 * records are not all written is never skipped as done.
 */
@Component("ingestReceives")
public class IngestReceives {

    private static final Logger LOG = LoggerFactory.getLogger(IngestReceives.class);

    private final Lineage lineage;
    private final Receives receives;
    private final EnrichRequests requests;
    private final ConfirmedByReceiveRepository claims;
    private final String enrichQueue;
    private final String checksQueue;

    IngestReceives(Lineage lineage, Receives receives, EnrichRequests requests,
            @Qualifier("ingestIdempotency") ConfirmedByReceiveRepository claims, BrigadeProperties names) {
        this.lineage = lineage;
        this.receives = receives;
        this.requests = requests;
        this.claims = claims;
        this.enrichQueue = names.queues().get("enrich").name();
        this.checksQueue = names.queues().get("dataset-checks").name();
    }

    /** One insert of the lineage events of every object version that the done messages took. */
    public List<MessageOutcome> recordLineage(List<MessageOutcome> outcomes) {
        List<Document> events = outcomes.stream().filter(MessageOutcome::deletes).flatMap(IngestReceives::items)
                .flatMap(item -> item.getLineage().stream()).toList();
        if (events.isEmpty()) {
            return outcomes;
        }
        try {
            lineage.recordAll(events);
            return outcomes;
        } catch (MongoException e) {
            LOG.warn("Could not record the lineage of a receive ({} events): {}", events.size(), e.toString());
            return leaveDone(outcomes, "lineage not recorded: " + e);
        }
    }

    /** The enrich requests of the objects written to source, ten to a SendMessageBatch. */
    public List<MessageOutcome> requestEnrich(List<MessageOutcome> outcomes) {
        return request(outcomes, enrichQueue, item -> item.isWritten() ? Stream.of(requests.of(item)) : Stream.empty());
    }

    /**
     * A check of each dataset in which the receive refused an object, once per dataset: the refusal changes the
     * dataset's state, so a verdict made before it no longer holds.
     */
    public List<MessageOutcome> requestChecks(List<MessageOutcome> outcomes) {
        return request(outcomes, checksQueue,
                item -> item.isRejectedInDataset() ? Stream.of(item.datasetId()) : Stream.empty());
    }

    /**
     * Sends the messages that the done messages' versions ask of the next hop, each once, ten to a
     * SendMessageBatch; every message whose request the queue did not take is left.
     */
    private List<MessageOutcome> request(List<MessageOutcome> outcomes, String queue,
            Function<IngestItem, Stream<String>> requestsOf) {
        Map<String, Set<Integer>> askedBy = new LinkedHashMap<>();
        for (int i = 0; i < outcomes.size(); i++) {
            int message = i;
            if (outcomes.get(i).deletes()) {
                items(outcomes.get(i)).flatMap(requestsOf).forEach(request -> askedBy
                        .computeIfAbsent(request, r -> new TreeSet<>()).add(message));
            }
        }
        if (askedBy.isEmpty()) {
            return outcomes;
        }
        List<String> bodies = List.copyOf(askedBy.keySet());
        List<MessageOutcome> settled = new ArrayList<>(outcomes);
        for (int refused : receives.send(queue, bodies)) {
            for (int message : askedBy.get(bodies.get(refused))) {
                if (settled.get(message).deletes()) {
                    settled.set(message, settled.get(message).leave("request not sent to " + queue));
                }
            }
        }
        return settled;
    }

    /**
     * Confirms the claims of the versions that the done messages took, in one BatchWriteItem (25 a request), and
     * releases those of the messages left with their work, so that they are taken again as soon as they return.
     */
    public List<MessageOutcome> confirmClaims(List<MessageOutcome> outcomes) {
        List<String> done = outcomes.stream().filter(MessageOutcome::deletes).flatMap(IngestReceives::items)
                .map(item -> item.getEvent().idempotencyKey()).toList();
        List<MessageOutcome> settled = outcomes;
        try {
            claims.confirmAll(done);
        } catch (SdkException | IllegalStateException e) {
            LOG.warn("Could not confirm the claims of a receive ({} object versions): {}", done.size(), e.toString());
            settled = leaveDone(outcomes, "claims not confirmed: " + e);
        }
        settled.stream().filter(o -> !o.deletes()).flatMap(IngestReceives::items).forEach(this::release);
        return settled;
    }

    private void release(IngestItem item) {
        try {
            claims.remove(item.getEvent().idempotencyKey());
        } catch (SdkException e) {
            LOG.warn("Could not release the claim of {}; it is free again when its lease ends: {}",
                    item.getEvent().url(), e.toString());
        }
    }

    /** Every done message that took an object version, left: its records are not all written. */
    private static List<MessageOutcome> leaveDone(List<MessageOutcome> outcomes, String why) {
        return outcomes.stream().map(o -> o.deletes() && items(o).findAny().isPresent() ? o.leave(why) : o).toList();
    }

    /**
     * The object versions a message's route took (its body at the end: one entry per version of its event, an
     * {@link IngestItem} for each it claimed; a version skipped as done, or as taken earlier in the receive, stays
     * its event).
     */
    private static Stream<IngestItem> items(MessageOutcome outcome) {
        return outcome.result() instanceof List<?> results
                ? results.stream().filter(IngestItem.class::isInstance).map(IngestItem.class::cast)
                : Stream.empty();
    }
}
