package io.bucketbrigade.promote;

import io.bucketbrigade.jobs.Operations;

/**
 * An operator withdraws a published dataset from production (POST /api/datasets/{id}/retraction, JMX): why, who,
 * and whether to carry it out or only list what it would do.
 */
public record RetractionRequest(String datasetId, String reason, String by, Operations operations)
        implements DatasetRequest {

    public boolean dryRun() {
        return operations.dryRun();
    }
}
