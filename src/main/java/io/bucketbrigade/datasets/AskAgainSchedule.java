package io.bucketbrigade.datasets;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When the stall scan asks again for the check of a stalled dataset: at once when it finds the stall, then each
 * time the stall's age has doubled since the last ask (with the default {@code brigade.stall.after} of 10 minutes:
 * about 10, 20, 40, 80 minutes after the dataset's last progress). A request that was lost is made again soon; a
 * check that keeps failing adds a few messages to its queue (and its dead-letter queue), not one a scan. Each
 * instance keeps its own schedule; a stall that ends and starts again (new progress) is asked for at once.
 */
final class AskAgainSchedule {

    private record Asked(Instant since, Instant next) {
    }

    private final Map<String, Asked> asked = new ConcurrentHashMap<>();

    /** Whether to ask again now for the check of this stalled dataset; a yes counts as asked. */
    boolean due(Stall stall, Instant now) {
        Asked last = asked.get(stall.datasetId());
        if (last != null && last.since().equals(stall.since()) && now.isBefore(last.next())) {
            return false;
        }
        asked.put(stall.datasetId(), new Asked(stall.since(), now.plus(Duration.between(stall.since(), now))));
        return true;
    }

    /** Forgets the datasets that are no longer stalled. */
    void keepOnly(Collection<String> stalled) {
        asked.keySet().retainAll(stalled);
    }
}
