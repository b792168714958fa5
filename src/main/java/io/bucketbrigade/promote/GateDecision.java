package io.bucketbrigade.promote;

import java.time.Instant;
import java.util.Optional;

import io.bucketbrigade.records.Approval;
import io.bucketbrigade.records.ProductionStatus;

/**
 * Whether a dataset may be published now, with the facts a route may decide on: its profile, the files and bytes
 * it has in processed, its checked version and approval.
 *
 * @param reason   why it is not open (null when open)
 * @param approval the operators' decision on it, or null
 * @param productionStatus its production tier's status as recorded, or null
 * @param publishedVersion the version its record says is published (0: none)
 * @param wakeAt           when the gate is to be asked about it again on its own: a dataset that settles (its
 *                         quiet period after the last file is not over) and has no such wake-up coming; else null
 * @param wakeUpDelaySeconds how long from the decision until {@code wakeAt}, in whole seconds (at most
 *                         {@link #LONGEST_WAKE_UP_SECONDS}); 0 when there is none
 */
public record GateDecision(PromoteRequest request, Verdict verdict, String reason, String profile,
        long processedFiles, long processedBytes, long checkedVersion, Approval approval,
        ProductionStatus productionStatus, int publishedVersion, Instant wakeAt, int wakeUpDelaySeconds)
        implements PromoteOutcome {

    /** The longest a wake-up waits: SQS delays a message 15 minutes at most; a longer quiet period takes several. */
    public static final int LONGEST_WAKE_UP_SECONDS = 900;

    /** A decision with no wake-up to schedule. */
    public GateDecision(PromoteRequest request, Verdict verdict, String reason, String profile, long processedFiles,
            long processedBytes, long checkedVersion, Approval approval, ProductionStatus productionStatus,
            int publishedVersion) {
        this(request, verdict, reason, profile, processedFiles, processedBytes, checkedVersion, approval,
                productionStatus, publishedVersion, null, 0);
    }

    /** The gate's verdicts. */
    public enum Verdict {
        /** to be published */
        OPEN,
        /** not checked in its latest state yet */
        WAITING,
        /** not valid, rejected by an operator, tampered with, or kept out by the route */
        HELD,
        /** its profile (or the route) needs an approval for its checked state */
        AWAITING_APPROVAL,
        /** withdrawn by an operator, and not checked in a later state since */
        RETRACTED,
        /** no experiment item for it */
        NO_DATASET
    }

    public String datasetId() {
        return request.datasetId();
    }

    public boolean dryRun() {
        return request.dryRun();
    }

    /** The same dataset with another verdict (and no wake-up). */
    GateDecision with(Verdict verdict, String reason) {
        return new GateDecision(request, verdict, reason, profile, processedFiles, processedBytes, checkedVersion,
                approval, productionStatus, publishedVersion);
    }

    /** The same dataset waiting for {@code reason}, to be asked about again in {@code delaySeconds} (from now). */
    GateDecision wakingUp(String reason, Instant now, int delaySeconds) {
        return new GateDecision(request, Verdict.WAITING, reason, profile, processedFiles, processedBytes,
                checkedVersion, approval, productionStatus, publishedVersion, now.plusSeconds(delaySeconds),
                delaySeconds);
    }

    Optional<Approval> approvalOfCheckedVersion() {
        return Optional.ofNullable(approval).filter(a -> a.version() == checkedVersion);
    }

    /** The production tier's status this decision records: {@code HELD: <reason>}, {@code AWAITING_APPROVAL} … */
    public ProductionStatus status() {
        return new ProductionStatus(ProductionStatus.State.valueOf(verdict.name()), reason);
    }

    /** Whether recording this decision changes the dataset's production status (a new hold, a new wait …). */
    public boolean changesStatus() {
        return !status().equals(productionStatus);
    }

    @Override
    public String outcome() {
        return switch (verdict) {
            case NO_DATASET -> "no such dataset";
            case OPEN -> "open";
            default -> status().wire();
        };
    }
}
