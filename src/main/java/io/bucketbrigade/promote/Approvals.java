package io.bucketbrigade.promote;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.records.Catalogue;
import io.bucketbrigade.records.Lineage;
import io.bucketbrigade.records.ObjectLedger;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Operators' decisions on datasets whose profile needs approval: who, when, why, and for which checked state of
 * the dataset (a change after the decision needs a new one). Recorded in the experiment item, the asset document
 * and the lineage; an approval asks the promote hop to publish.
 */
@Component
public class Approvals {

    private static final Logger LOG = LoggerFactory.getLogger(Approvals.class);

    /** A decision. */
    public record Approval(String decision, String by, String at, String reason, long version) {

        public boolean approved() {
            return "approved".equals(decision);
        }

        static Optional<Approval> from(Map<String, AttributeValue> experiment) {
            AttributeValue value = experiment.get("approval");
            if (value == null || !value.hasM()) {
                return Optional.empty();
            }
            Map<String, AttributeValue> m = value.m();
            return Optional.of(new Approval(m.get("decision").s(), m.get("by").s(), m.get("at").s(),
                    m.containsKey("reason") ? m.get("reason").s() : null, Long.parseLong(m.get("version").n())));
        }
    }

    private final DynamoDbClient dynamoDb;
    private final ObjectLedger ledger;
    private final Catalogue catalogue;
    private final Lineage lineage;
    private final SqsClient sqs;
    private final String experiments;
    private final String promoteQueue;
    private final Clock clock = Clock.systemUTC();

    Approvals(DynamoDbClient dynamoDb, ObjectLedger ledger, Catalogue catalogue, Lineage lineage, SqsClient sqs,
            BrigadeProperties names) {
        this.dynamoDb = dynamoDb;
        this.ledger = ledger;
        this.catalogue = catalogue;
        this.lineage = lineage;
        this.sqs = sqs;
        this.experiments = names.tables().get("experiments").name();
        this.promoteQueue = names.queues().get("promote").name();
    }

    /**
     * Records a decision on the dataset's current checked state.
     *
     * @param approve approve (publish) or reject (hold)
     * @throws IllegalArgumentException when the dataset does not exist or has not been checked
     * @throws IllegalStateException    when the dataset is not valid (nothing to approve)
     */
    public Approval decide(String datasetId, boolean approve, String by, String reason) {
        Map<String, AttributeValue> experiment = ledger.experiment(datasetId)
                .orElseThrow(() -> new IllegalArgumentException("No dataset '" + datasetId + "'"));
        AttributeValue checked = experiment.get("checkedVersion");
        String status = Promoter.status(experiment, "processed");
        if (checked == null || status == null) {
            throw new IllegalArgumentException("Dataset '" + datasetId + "' has not been checked yet");
        }
        if (approve && !"Valid".equals(status)) {
            throw new IllegalStateException("Dataset '" + datasetId + "' is " + status + ": only a Valid dataset can"
                    + " be approved");
        }
        Approval approval = new Approval(approve ? "approved" : "rejected", by, clock.instant().toString(), reason,
                Long.parseLong(checked.n()));
        Map<String, AttributeValue> item = new java.util.HashMap<>(Map.of(
                "decision", AttributeValue.fromS(approval.decision()), "by", AttributeValue.fromS(by),
                "at", AttributeValue.fromS(approval.at()), "version", AttributeValue.fromN(checked.n())));
        if (reason != null) {
            item.put("reason", AttributeValue.fromS(reason));
        }
        dynamoDb.updateItem(u -> u.tableName(experiments)
                .key(Map.of("experimentId", AttributeValue.fromS(datasetId)))
                .updateExpression("SET approval = :approval")
                .expressionAttributeValues(Map.of(":approval", AttributeValue.fromM(item))));
        catalogue.recordApproval(datasetId, new Document("decision", approval.decision()).append("by", by)
                .append("at", approval.at()).append("reason", reason).append("version", approval.version()));
        lineage.recordDataset(null, datasetId, approve ? "approved" : "approval-rejected",
                approval.decision() + "@" + approval.at(), new Document("by", by).append("reason", reason)
                        .append("version", approval.version()));
        LOG.info("Dataset {} {} by {}{}", datasetId, approval.decision(), by, reason == null ? "" : ": " + reason);
        if (approve) {
            requestPromotion(datasetId);
        }
        return approval;
    }

    public Optional<Approval> current(String datasetId) {
        return ledger.experiment(datasetId).flatMap(Approval::from);
    }

    /** Asks the promote hop to look at the dataset. */
    public void requestPromotion(String datasetId) {
        String url = sqs.getQueueUrl(q -> q.queueName(promoteQueue)).queueUrl();
        sqs.sendMessage(m -> m.queueUrl(url).messageBody(datasetId));
    }
}
