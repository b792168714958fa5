package io.bucketbrigade.promote;

import io.bucketbrigade.jobs.Operations;

/**
 * A dataset the promote hop is asked to publish, and how: for real (a message on the promote queue) or as the
 * promote job's dry run, which lists what it would do and writes nothing.
 */
public record PromoteRequest(String datasetId, Operations operations) implements DatasetRequest {

    /** A dataset id from the promote queue: published for real. */
    public static PromoteRequest of(String datasetId) {
        return new PromoteRequest(datasetId.strip(), new Operations(false));
    }

    public boolean dryRun() {
        return operations.dryRun();
    }
}
