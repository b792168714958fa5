package io.bucketbrigade.events;

/** The notifications the server sends, each a CloudEvents {@code type}. */
public enum EventType {
    /** a new version of a dataset is in production, manifest last */
    DATASET_PUBLISHED("io.bucketbrigade.dataset.published"),
    /** a dataset is kept out of production until someone acts (not valid, rejected, tampered with) */
    DATASET_HELD("io.bucketbrigade.dataset.held"),
    /** a valid dataset waits for an operator's approval of its checked state */
    DATASET_AWAITING_APPROVAL("io.bucketbrigade.dataset.awaiting-approval"),
    /** an operator withdrew a published dataset: its manifest is a tombstone now */
    DATASET_RETRACTED("io.bucketbrigade.dataset.retracted"),
    /** an object in the original bucket was refused at ingest by a naming, layout or content rule */
    OBJECT_REJECTED("io.bucketbrigade.object.rejected");

    private final String type;

    EventType(String type) {
        this.type = type;
    }

    /** The CloudEvents type, e.g. {@code io.bucketbrigade.dataset.published}. */
    public String type() {
        return type;
    }
}
