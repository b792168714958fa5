package io.bucketbrigade.promote;

import io.bucketbrigade.records.DatasetRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Records why a dataset is not published: its gate's verdict as its production status. A dry run records nothing.
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
}
