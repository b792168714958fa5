package io.bucketbrigade.promote;

import java.time.Clock;
import java.util.Optional;

import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.records.Approval;
import io.bucketbrigade.records.Catalogue;
import io.bucketbrigade.records.DatasetRecord;
import io.bucketbrigade.records.DatasetRecords;
import io.bucketbrigade.records.Lineage;
import io.bucketbrigade.records.MetadataStatus;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Operators' decisions on datasets whose profile needs approval: who, when, why, and for which checked state of
 * the dataset (a change after the decision needs a new one). Recorded in the experiment item, the asset document
 * and the lineage; an approval asks the promote hop to publish.
 */
@Component
public class Approvals {

    private static final Logger LOG = LoggerFactory.getLogger(Approvals.class);

    private final DatasetRecords datasets;
    private final Catalogue catalogue;
    private final Lineage lineage;
    private final SqsClient sqs;
    private final String promoteQueue;
    private final Clock clock = Clock.systemUTC();

    Approvals(DatasetRecords datasets, Catalogue catalogue, Lineage lineage, SqsClient sqs,
            BrigadeProperties names) {
        this.datasets = datasets;
        this.catalogue = catalogue;
        this.lineage = lineage;
        this.sqs = sqs;
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
        DatasetRecord experiment = datasets.find(datasetId)
                .orElseThrow(() -> new IllegalArgumentException("No dataset '" + datasetId + "'"));
        if (!experiment.checked()) {
            throw new IllegalArgumentException("Dataset '" + datasetId + "' has not been checked yet");
        }
        MetadataStatus status = experiment.status().processed();
        if (approve && status != MetadataStatus.VALID) {
            throw new IllegalStateException("Dataset '" + datasetId + "' is " + status + ": only a Valid dataset can"
                    + " be approved");
        }
        Approval approval = new Approval(approve ? Approval.Decision.APPROVED : Approval.Decision.REJECTED, by,
                clock.instant().toString(), reason, experiment.checkedVersion());
        datasets.recordApproval(datasetId, approval);
        catalogue.recordApproval(datasetId, new Document("decision", approval.decision().wire()).append("by", by)
                .append("at", approval.at()).append("reason", reason).append("version", approval.version()));
        lineage.recordDataset(null, datasetId, approve ? "approved" : "approval-rejected",
                approval.decision().wire() + "@" + approval.at(), new Document("by", by).append("reason", reason)
                        .append("version", approval.version()));
        LOG.info("Dataset {} {} by {}{}", datasetId, approval.decision().wire(), by,
                reason == null ? "" : ": " + reason);
        if (approve) {
            requestPromotion(datasetId);
        }
        return approval;
    }

    public Optional<Approval> current(String datasetId) {
        return datasets.find(datasetId).map(DatasetRecord::approval);
    }

    /** Asks the promote hop to look at the dataset. */
    public void requestPromotion(String datasetId) {
        String url = sqs.getQueueUrl(q -> q.queueName(promoteQueue)).queueUrl();
        sqs.sendMessage(m -> m.queueUrl(url).messageBody(datasetId));
    }
}
