package io.bucketbrigade.promote;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.bucketbrigade.enrich.ProcessedChange;
import io.bucketbrigade.ingest.IngestLag;
import io.bucketbrigade.profiles.Completion;
import io.bucketbrigade.profiles.DatasetProfile;
import io.bucketbrigade.profiles.ProfileCatalog;
import io.bucketbrigade.promote.GateDecision.Verdict;
import io.bucketbrigade.records.Approval;
import io.bucketbrigade.records.DatasetRecord;
import io.bucketbrigade.records.DatasetRecords;
import io.bucketbrigade.records.MetadataStatus;
import io.bucketbrigade.records.Retraction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The promote hop's gate: a dataset is published only when its deposit is complete (its profile's quiet period
 * after the last file is over, its marker file there), it is checked in its latest state, {@code Valid}, not
 * tampered with, and approved when its profile needs approval. A dataset that settles gets a wake-up: the decision
 * says when the gate is to be asked again, unless a wake-up is coming already. The route may close the gate further
 * ({@link #hold}, {@link #requireApproval}) on the facts the decision carries.
 *
 * <p>This is the one place of the promote package that reads the dataset's record.
 */
@Component("promoteGate")
class PromoteGate {

    private static final Logger LOG = LoggerFactory.getLogger(PromoteGate.class);

    /** A wake-up due within this long is taken as come (clocks of instances differ a little). */
    static final Duration WAKE_UP_MARGIN = Duration.ofSeconds(10);

    private final DatasetRecords datasets;
    private final ProfileCatalog profiles;
    private final PromoteProperties properties;
    private final IngestLag ingestLag;
    private final Clock clock;

    @Autowired
    PromoteGate(DatasetRecords datasets, ProfileCatalog profiles, PromoteProperties properties, IngestLag ingestLag) {
        this(datasets, profiles, properties, ingestLag, Clock.systemUTC());
    }

    PromoteGate(DatasetRecords datasets, ProfileCatalog profiles, PromoteProperties properties, IngestLag ingestLag,
            Clock clock) {
        this.datasets = datasets;
        this.profiles = profiles;
        this.properties = properties;
        this.ingestLag = ingestLag;
        this.clock = clock;
    }

    /** What the flow was sent: a dataset id from the promote queue (published for real), or the job's request. */
    public PromoteRequest request(Object body) {
        return body instanceof PromoteRequest request ? request : PromoteRequest.of(String.valueOf(body));
    }

    /** The dataset's gate, as its records stand now. */
    public GateDecision decide(PromoteRequest request) {
        return datasets.find(request.datasetId()).map(experiment -> decision(request, experiment))
                .orElseGet(() -> new GateDecision(request, Verdict.NO_DATASET, null, null, 0, 0, 0, null, null, 0));
    }

    /** Keeps an open dataset out of production, for {@code reason}; any other decision stays as it is. */
    public GateDecision hold(GateDecision decision, String reason) {
        return decision.verdict() == Verdict.OPEN ? decision.with(Verdict.HELD, reason) : decision;
    }

    /**
     * Requires an operator's approval of an open dataset's checked state, as a profile with
     * {@code promote.approval: required} does (and, like it, approved automatically where auto-approve is on).
     */
    public GateDecision requireApproval(GateDecision decision) {
        if (decision.verdict() != Verdict.OPEN || properties.autoApprove()) {
            return decision;
        }
        Optional<Approval> approval = decision.approvalOfCheckedVersion();
        if (approval.isEmpty()) {
            return decision.with(Verdict.AWAITING_APPROVAL, null);
        }
        if (!approval.get().approved()) {
            return decision.with(Verdict.HELD, "rejected by " + approval.get().by()
                    + (approval.get().reason() == null ? "" : " (" + approval.get().reason() + ")"));
        }
        return decision;
    }

    /** Records that the wake-up this decision asked for is on the promote queue. */
    public void wakeUpScheduled(GateDecision decision) {
        datasets.settleWakeUp(decision.datasetId(), decision.wakeAt());
    }

    GateDecision decision(PromoteRequest request, DatasetRecord experiment) {
        GateDecision open = new GateDecision(request, Verdict.OPEN, null, experiment.profile(),
                experiment.counts().processedFiles(), experiment.counts().processedBytes(),
                Math.max(0, experiment.checkedVersion()), experiment.approval(), experiment.status().production(),
                experiment.publishedVersion());
        Map<String, String> tampered = experiment.tampered();
        if (!tampered.isEmpty()) {
            return open.with(Verdict.HELD, ProcessedChange.TAMPERED_RULE + ": " + String.join(", ",
                    tampered.keySet()) + " overwritten from outside; restore the server's bytes or check the dataset"
                    + " again (POST /api/datasets/" + request.datasetId() + "/check)");
        }
        Optional<DatasetProfile> profile = profiles.profile(experiment.profile());
        Completion completion = profile.map(DatasetProfile::completion).orElse(Completion.AT_ONCE)
                .settleAtMost(properties.settleAtMost());
        Instant now = clock.instant();
        // files uploaded with the last may still wait on the ingest queue: its lag is added to the quiet period
        Duration lag = ingestLag.at(now);
        Optional<Instant> settles = completion.settlesAt(experiment.lastIngestedAt(), lag, now);
        if (settles.isPresent()) {
            String reason = "receiving files; considered for publication once none has arrived for "
                    + completion.settleText() + " (at " + settles.get().truncatedTo(ChronoUnit.SECONDS)
                    + (lag.toSeconds() > 0 ? ", ingest being " + lag.toSeconds() + " s behind" : "") + ")";
            Instant pending = experiment.settleWakeAt();
            if (pending != null && pending.isAfter(now.plus(WAKE_UP_MARGIN))) {
                return open.with(Verdict.WAITING, reason); // its wake-up is on the queue
            }
            long seconds = (long) Math.ceil(Duration.between(now, settles.get()).toMillis() / 1000.0);
            return open.wakingUp(reason, now, (int) Math.min(Math.max(1, seconds),
                    GateDecision.LONGEST_WAKE_UP_SECONDS));
        }
        if (!experiment.checked()) {
            return open.with(Verdict.WAITING, "not checked yet");
        }
        if (!experiment.checkedIsCurrent()) {
            return open.with(Verdict.WAITING, "changed since its last check");
        }
        if (completion.marker() != null && experiment.completeMarker() == null) {
            return open.with(Verdict.WAITING, "no " + completion.marker() + " file yet (the depositor sends it"
                    + " last, once the deposit is complete)");
        }
        Retraction retraction = experiment.retraction();
        if (retraction != null && experiment.checkedVersion() <= retraction.checkedVersion()) {
            return open.with(Verdict.RETRACTED, retraction.reason());
        }
        MetadataStatus status = experiment.status().processed();
        if (status != MetadataStatus.VALID) {
            return open.with(Verdict.HELD, "the dataset is " + status);
        }
        if (profile.map(DatasetProfile::approvalRequired).orElse(false)) {
            GateDecision approved = requireApproval(open);
            if (approved.verdict() != Verdict.OPEN) {
                return approved;
            }
        }
        LOG.debug("Dataset {} passes the gate", request.datasetId());
        return open;
    }

    /** Every dataset whose processed state is {@code Valid}, by id: what the promote job looks at. */
    List<String> validDatasets() {
        return datasets.withVerdict(MetadataStatus.VALID);
    }
}
