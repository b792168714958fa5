package io.bucketbrigade.datasets;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import io.bucketbrigade.queues.Explanation;
import io.bucketbrigade.queues.LetterWork;
import io.bucketbrigade.records.DatasetRecords;

/**
 * The messages of the dataset-checks and promote queues name a dataset; their work is done when the dataset no
 * longer waits on it: checked in its latest state, or its promotion decided. A promotion asked for a state the
 * dataset has since left is done as well: its next check asks the gate again.
 */
class DatasetLetters implements LetterWork {

    private final String queue;
    private final Set<Stall.Reason> waitsOn;
    private final DatasetRecords datasets;

    private DatasetLetters(String queue, Set<Stall.Reason> waitsOn, DatasetRecords datasets) {
        this.queue = queue;
        this.waitsOn = waitsOn;
        this.datasets = datasets;
    }

    static DatasetLetters checks(DatasetRecords datasets) {
        return new DatasetLetters("dataset-checks", Set.of(Stall.Reason.FILES_NOT_PROCESSED,
                Stall.Reason.CHECK_NOT_RUN), datasets);
    }

    static DatasetLetters promotions(DatasetRecords datasets) {
        return new DatasetLetters("promote", Set.of(Stall.Reason.PROMOTION_NOT_REQUESTED,
                Stall.Reason.PROMOTION_NOT_DECIDED), datasets);
    }

    @Override
    public String queue() {
        return queue;
    }

    @Override
    public Explanation explain(String body) {
        String datasetId = body.strip();
        if (datasetId.isEmpty()) {
            return Explanation.done("it names no dataset");
        }
        var experiment = datasets.find(datasetId);
        if (experiment.isEmpty()) {
            return Explanation.done("no dataset " + datasetId + " is recorded: nothing to do");
        }
        // every wait counts, however recent: a letter is judged on what is left to do, not on how long it took
        Optional<Stall> waiting = Stall.of(experiment.get(), Instant.now().plus(Duration.ofDays(1)), Duration.ZERO)
                .filter(stall -> waitsOn.contains(stall.reason()));
        return waiting.map(stall -> Explanation.pending(datasetId + ": " + stall.detail()))
                .orElseGet(() -> Explanation.done(datasetId + " waits on no " + queue + " work"));
    }
}
