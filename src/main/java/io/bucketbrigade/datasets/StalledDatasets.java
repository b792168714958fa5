package io.bucketbrigade.datasets;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.bucketbrigade.records.DatasetRecord;
import io.bucketbrigade.records.DatasetRecords;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Datasets that have made no progress for {@code brigade.stall.after} and have no verdict to show for it, found by
 * a periodic scan of the experiments table (routes/heartbeat.camel.yaml): shown in health details
 * ({@code stalledDatasets}), counted by the gauge {@code brigade.datasets.stalled} per reason, and logged once each.
 * Health stays UP: a stalled dataset is a dataset's problem, not the server's.
 */
@Component("stalledDatasets")
public class StalledDatasets implements HealthIndicator {

    private static final Logger LOG = LoggerFactory.getLogger(StalledDatasets.class);
    /** How many stalled datasets health details name. */
    static final int NAMED_IN_HEALTH = 20;

    private final DatasetRecords datasets;
    private final StallProperties properties;
    private final Clock clock = Clock.systemUTC();
    private final Map<Stall.Reason, Integer> counts = new EnumMap<>(Stall.Reason.class);
    private final AskAgainSchedule askAgain = new AskAgainSchedule();
    private volatile List<Stall> last = List.of();
    private volatile boolean scanned;

    StalledDatasets(DatasetRecords datasets, StallProperties properties, MeterRegistry meters) {
        this.datasets = datasets;
        this.properties = properties;
        for (Stall.Reason reason : Stall.Reason.values()) {
            counts.put(reason, 0);
            Gauge.builder("brigade.datasets.stalled", counts, c -> c.get(reason)).tag("reason", reason.name())
                    .description("Datasets with no progress for brigade.stall.after, by what they wait on")
                    .register(meters);
        }
    }

    /** The stall now of the dataset with this record, if it is stalled. */
    public Optional<Stall> of(DatasetRecord experiment) {
        return Stall.of(experiment, clock.instant(), properties.after());
    }

    /** Looks at every dataset; the result is what health and the gauge show until the next scan. */
    public List<Stall> scan() {
        List<Stall> stalled = new ArrayList<>();
        datasets.each(dataset -> of(dataset).ifPresent(stalled::add));
        List<String> before = last.stream().map(Stall::datasetId).toList();
        stalled.stream().filter(s -> !before.contains(s.datasetId())).forEach(s -> LOG.warn(
                "Dataset {} stalled since {}: {} ({})", s.datasetId(), s.since(), s.reason(), s.detail()));
        synchronized (counts) {
            counts.replaceAll((reason, n) -> (int) stalled.stream().filter(s -> s.reason() == reason).count());
        }
        last = List.copyOf(stalled);
        askAgain.keepOnly(stalled.stream().map(Stall::datasetId).toList());
        scanned = true;
        return last;
    }

    /**
     * Whether the check of this stalled dataset is to be asked for again now: when the scan first finds it, then
     * each time its stall's age has doubled ({@link AskAgainSchedule}).
     */
    public boolean dueToAskAgain(Stall stall) {
        return askAgain.due(stall, clock.instant());
    }

    @Override
    public Health health() {
        List<Stall> stalled = last;
        Map<String, Object> named = new LinkedHashMap<>();
        stalled.stream().limit(NAMED_IN_HEALTH).forEach(s -> named.put(s.datasetId(), s.view()));
        return Health.up().withDetail("stalledAfter", properties.after().toString())
                .withDetail("scanned", scanned).withDetail("stalled", stalled.size())
                .withDetail("datasets", named).build();
    }
}
