package io.bucketbrigade.promote;

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
 */
public record GateDecision(PromoteRequest request, Verdict verdict, String reason, String profile,
        long processedFiles, long processedBytes, long checkedVersion, Approval approval,
        ProductionStatus productionStatus, int publishedVersion) implements PromoteOutcome {

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

    /** The same dataset with another verdict. */
    GateDecision with(Verdict verdict, String reason) {
        return new GateDecision(request, verdict, reason, profile, processedFiles, processedBytes, checkedVersion,
                approval, productionStatus, publishedVersion);
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
