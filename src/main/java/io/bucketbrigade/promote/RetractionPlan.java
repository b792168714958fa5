package io.bucketbrigade.promote;

import java.util.List;

import io.bucketbrigade.records.Retraction;

/**
 * What retracting a dataset takes, or why it cannot be: its current manifest, the versions production holds, and
 * the objects to delete (none when its profile keeps them, {@code promote.retraction: keep}).
 *
 * @param detail         why it cannot be retracted (null when it can)
 * @param checkedVersion the state it is retracted in (its latest change, checked or not): published again only
 *                       once a later one is checked
 * @param at             when it is retracted
 */
public record RetractionPlan(RetractionRequest request, Verdict verdict, String detail, String profile,
        Manifest current, List<Integer> withdrawn, List<String> objects, long checkedVersion, String at)
        implements PromoteOutcome {

    /** Whether a dataset can be retracted. */
    public enum Verdict {
        /** published: its manifest is in production */
        RETRACTABLE,
        /** no experiment item for it */
        NO_DATASET,
        /** nothing published (never, or retracted already) */
        NOT_PUBLISHED,
        /**
         * retracted already, by a profile that deletes the objects, and some are still in production (a stop cut
         * the deletes short): retracting it again deletes them
         */
        DELETES_LEFT
    }

    public RetractionPlan {
        withdrawn = withdrawn == null ? List.of() : List.copyOf(withdrawn);
        objects = objects == null ? List.of() : List.copyOf(objects);
    }

    static RetractionPlan refused(RetractionRequest request, Verdict verdict, String detail) {
        return new RetractionPlan(request, verdict, detail, null, null, List.of(), List.of(), 0, null);
    }

    public String datasetId() {
        return request.datasetId();
    }

    public boolean dryRun() {
        return request.dryRun();
    }

    /** The profile deletes a retracted dataset's objects from production. */
    public boolean deletesObjects() {
        return !objects.isEmpty();
    }

    /** What the dataset's record keeps of it. */
    public Retraction retraction() {
        return new Retraction(request.reason(), request.by(), at, checkedVersion, withdrawn);
    }

    /** The operations carried out (or, in a dry run, that would be), one line each. */
    public List<String> operations() {
        return request.operations().lines();
    }

    @Override
    public String outcome() {
        return switch (verdict) {
            case RETRACTABLE -> (dryRun() ? "would retract" : "retracted") + " versions " + withdrawn;
            case DELETES_LEFT -> (dryRun() ? "would delete" : "deleted") + " the " + objects.size()
                    + " object(s) left of the retracted versions " + withdrawn;
            case NO_DATASET, NOT_PUBLISHED -> detail;
        };
    }
}
