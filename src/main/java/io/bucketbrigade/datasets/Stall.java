package io.bucketbrigade.datasets;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.bucketbrigade.records.DatasetRecord;
import io.bucketbrigade.records.ProductionStatus;

/**
 * A dataset that has made no progress for a while and has no verdict to show for it: what it waits on, since when.
 * A dataset that is published, held (Invalid, Missing, rejected) or awaiting an approval has its verdict and is
 * never stalled; nor is one whose deposit settles (its profile's quiet period) while its wake-ups come.
 */
public record Stall(String datasetId, Reason reason, String detail, Instant since) {

    /** What the dataset waits on. */
    public enum Reason {
        /** files reached source and were not taken to processed */
        FILES_NOT_PROCESSED,
        /** the dataset changed and was not checked since */
        CHECK_NOT_RUN,
        /** checked, but the promotion gate was never asked */
        PROMOTION_NOT_REQUESTED,
        /** the promotion gate was asked and has not answered, or keeps it waiting (a marker file not there) */
        PROMOTION_NOT_DECIDED
    }

    /**
     * The stall of a dataset as its record shows it at {@code now}, if it had no progress for {@code after}.
     */
    public static Optional<Stall> of(DatasetRecord experiment, Instant now, Duration after) {
        Instant since = experiment.lastProgress();
        if (since.plus(after).isAfter(now)) {
            return Optional.empty();
        }
        String datasetId = experiment.datasetId();
        long changed = experiment.changeVersion();
        long checked = experiment.checkedVersion();
        if (checked < changed) {
            long source = experiment.counts().sourceFiles();
            long processed = experiment.counts().processedFiles();
            return Optional.of(processed < source
                    ? new Stall(datasetId, Reason.FILES_NOT_PROCESSED, (source - processed) + " of " + source
                            + " file(s) in source not processed", since)
                    : new Stall(datasetId, Reason.CHECK_NOT_RUN, "changed (version " + changed + ") and not checked"
                            + (checked == DatasetRecord.NEVER ? " yet" : " since version " + checked), since));
        }
        if (!experiment.promotionRequested()) {
            return Optional.of(new Stall(datasetId, Reason.PROMOTION_NOT_REQUESTED, "checked ("
                    + experiment.status().processed() + ") and the promotion gate not asked", since));
        }
        ProductionStatus production = experiment.status().production();
        if (production != null && production.state() == ProductionStatus.State.WAITING
                && experiment.settleWakeAt() != null && experiment.settleWakeAt().plus(after).isAfter(now)) {
            return Optional.empty(); // its deposit settles, and the gate is asked again on its own
        }
        if (production == null || production.state() == ProductionStatus.State.WAITING) {
            return Optional.of(new Stall(datasetId, Reason.PROMOTION_NOT_DECIDED, production == null
                    ? "the promotion gate was asked and has not answered"
                    : "the promotion gate keeps it waiting (" + production.wire() + ")", since));
        }
        return Optional.empty();
    }

    /** What the API, health and reports show of it. */
    public Map<String, String> view() {
        return Map.of("reason", reason.name(), "detail", detail, "since", since.toString());
    }
}
