package io.bucketbrigade.promote;

import io.bucketbrigade.records.DatasetRecords;
import io.bucketbrigade.records.ProductionStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Records a dataset's production status when the hop publishes nothing: why it is not published (its gate), or
 * {@code PUBLISHED} again when its files are those of the current version (for instance held, then restored). A
 * dry run records nothing.
 */
@Component("productionStatus")
class ProductionStatusRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(ProductionStatusRecorder.class);

    private final DatasetRecords datasets;

    ProductionStatusRecorder(DatasetRecords datasets) {
        this.datasets = datasets;
    }

    /** A dataset the gate keeps out: {@code WAITING: …}, {@code HELD: …} or {@code AWAITING_APPROVAL}. */
    public GateDecision notPublished(GateDecision decision) {
        if (!decision.dryRun()) {
            datasets.production(decision.datasetId(), decision.status());
        }
        LOG.info("Dataset {} not published: {}", decision.datasetId(), decision.status());
        return decision;
    }

    /** A dataset whose files are those of its current version: published as it is. */
    public VersionPlan unchanged(VersionPlan plan) {
        if (!plan.dryRun() && plan.republishes()) {
            datasets.production(plan.datasetId(), ProductionStatus.PUBLISHED);
        }
        return plan;
    }
}
