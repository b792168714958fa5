package io.bucketbrigade.enrich;

import io.bucketbrigade.records.MetadataStatus;

/**
 * What a dataset check did, for its route to branch on ({@code ${body.outcome}}): a verdict for the promotion gate
 * to hear of, or why there is none.
 *
 * @param status         the verdict (VERDICT_RECORDED, GATE_NOT_ASKED), else null
 * @param checkedVersion the change version the verdict is of (VERDICT_RECORDED, GATE_NOT_ASKED), else -1
 * @param detail         for the log
 */
public record DatasetCheckResult(String datasetId, Outcome outcome, MetadataStatus status, long checkedVersion,
        String detail) {

    /** The cases of a check. */
    public enum Outcome {
        /** the dataset was checked in its latest state and its verdict recorded: the gate is to hear of it */
        VERDICT_RECORDED,
        /** checked in this state before, but the gate was not asked (the server stopped in between): ask it now */
        GATE_NOT_ASKED,
        /** checked in this state already, and the gate asked: nothing to do */
        UNCHANGED,
        /** some of its files are not processed yet: checked once they are (each asks for a check) */
        FILES_PENDING,
        /** no asset or profile for it yet */
        NO_PROFILE,
        /** no record of such a dataset */
        NO_SUCH_DATASET
    }

    static DatasetCheckResult verdict(String datasetId, Outcome outcome, MetadataStatus status, long version) {
        return new DatasetCheckResult(datasetId, outcome, status, version, status.wire());
    }

    static DatasetCheckResult nothing(String datasetId, Outcome outcome, String detail) {
        return new DatasetCheckResult(datasetId, outcome, null, -1, detail);
    }
}
