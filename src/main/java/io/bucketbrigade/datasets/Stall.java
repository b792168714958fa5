package io.bucketbrigade.datasets;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.bucketbrigade.records.ObjectLedger;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A dataset that has made no progress for a while and has no verdict to show for it: what it waits on, since when.
 * A dataset that is published, held (Invalid, Missing, rejected) or awaiting an approval has its verdict and is
 * never stalled.
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
        /** the promotion gate was asked and has not answered */
        PROMOTION_NOT_DECIDED
    }

    /**
     * The stall of a dataset as its experiment item shows it at {@code now}, if it had no progress for {@code after}.
     */
    public static Optional<Stall> of(Map<String, AttributeValue> experiment, Instant now, Duration after) {
        Instant since = lastProgress(experiment);
        if (since.plus(after).isAfter(now)) {
            return Optional.empty();
        }
        String datasetId = experiment.get("experimentId").s();
        long changed = number(experiment, "changeVersion", 0);
        long checked = number(experiment, "checkedVersion", -1);
        if (checked < changed) {
            long source = number(experiment, "sourceFiles", 0);
            long processed = number(experiment, "processedFiles", 0);
            return Optional.of(processed < source
                    ? new Stall(datasetId, Reason.FILES_NOT_PROCESSED, (source - processed) + " of " + source
                            + " file(s) in source not processed", since)
                    : new Stall(datasetId, Reason.CHECK_NOT_RUN, "changed (version " + changed + ") and not checked"
                            + (checked < 0 ? " yet" : " since version " + checked), since));
        }
        if (number(experiment, "promotionRequestedVersion", -1) < checked) {
            return Optional.of(new Stall(datasetId, Reason.PROMOTION_NOT_REQUESTED, "checked ("
                    + ObjectLedger.status(experiment, "processed") + ") and the promotion gate not asked", since));
        }
        String production = ObjectLedger.status(experiment, "production");
        if (production == null || production.startsWith("WAITING")) {
            return Optional.of(new Stall(datasetId, Reason.PROMOTION_NOT_DECIDED, "the promotion gate was asked"
                    + " and has not answered" + (production == null ? "" : " (" + production + ")"), since));
        }
        return Optional.empty();
    }

    /** What the API, health and reports show of it. */
    public Map<String, String> view() {
        return Map.of("reason", reason.name(), "detail", detail, "since", since.toString());
    }

    /** The newest of the item's times: its last change, its last check. */
    private static Instant lastProgress(Map<String, AttributeValue> experiment) {
        return Stream.of("lastModified", "checkedAt", "createdDate").map(experiment::get)
                .filter(v -> v != null && v.s() != null).map(v -> instant(v.s()))
                .max(Instant::compareTo).orElse(Instant.EPOCH);
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    private static long number(Map<String, AttributeValue> item, String name, long absent) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? absent : Long.parseLong(value.n());
    }
}
