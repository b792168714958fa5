package io.bucketbrigade.datasets;

import java.util.stream.Stream;

import javax.security.auth.Subject;

import io.bucketbrigade.promote.Approvals;
import io.bucketbrigade.promote.RetractionPlan;
import io.bucketbrigade.promote.Withdrawals;
import io.bucketbrigade.records.Approval;
import org.springframework.jmx.export.annotation.ManagedOperation;
import org.springframework.jmx.export.annotation.ManagedOperationParameter;
import org.springframework.jmx.export.annotation.ManagedOperationParameters;
import org.springframework.jmx.export.annotation.ManagedResource;
import org.springframework.stereotype.Component;

/** Datasets over JMX: {@code io.bucketbrigade:type=Datasets}. */
@Component
@ManagedResource(objectName = "io.bucketbrigade:type=Datasets",
        description = "Dataset approvals, retractions and deprecated versions")
public class DatasetsJmx {

    private final Approvals approvals;
    private final Withdrawals withdrawals;

    public DatasetsJmx(Approvals approvals, Withdrawals withdrawals) {
        this.approvals = approvals;
        this.withdrawals = withdrawals;
    }

    @ManagedOperation(description = "Retract a published dataset: its manifest becomes a tombstone (a dry run lists"
            + " the operations and changes nothing)")
    @ManagedOperationParameters({
            @ManagedOperationParameter(name = "datasetId", description = "the dataset"),
            @ManagedOperationParameter(name = "reason", description = "why (recorded, in the tombstone)"),
            @ManagedOperationParameter(name = "dryRun", description = "true: only list what it would do")})
    public String[] retract(String datasetId, String reason, boolean dryRun) {
        RetractionPlan plan = withdrawals.retract(datasetId, reason, who(), dryRun);
        return plan.verdict() == RetractionPlan.Verdict.RETRACTABLE
                || plan.verdict() == RetractionPlan.Verdict.DELETES_LEFT
                ? Stream.concat(Stream.of(plan.outcome()), plan.operations().stream()).toArray(String[]::new)
                : new String[] {plan.verdict() + ": " + plan.detail()};
    }

    @ManagedOperation(description = "Deprecate an older version of a published dataset (its objects stay)")
    @ManagedOperationParameters({
            @ManagedOperationParameter(name = "datasetId", description = "the dataset"),
            @ManagedOperationParameter(name = "version", description = "an older published version"),
            @ManagedOperationParameter(name = "reason", description = "why (readers of the manifest see it)")})
    public String deprecate(String datasetId, int version, String reason) {
        return "version " + version + " deprecated; deprecated versions: " + withdrawals.deprecate(datasetId, version,
                reason, who()).deprecated().stream().map(d -> d.version()).toList();
    }

    @ManagedOperation(description = "Approve a valid dataset whose profile needs approval; it is then published")
    @ManagedOperationParameters({
            @ManagedOperationParameter(name = "datasetId", description = "the dataset"),
            @ManagedOperationParameter(name = "reason", description = "why (recorded)")})
    public String approve(String datasetId, String reason) {
        return describe(approvals.decide(datasetId, true, who(), reason));
    }

    @ManagedOperation(description = "Reject a dataset: it is held out of production")
    @ManagedOperationParameters({
            @ManagedOperationParameter(name = "datasetId", description = "the dataset"),
            @ManagedOperationParameter(name = "reason", description = "why (recorded)")})
    public String reject(String datasetId, String reason) {
        return describe(approvals.decide(datasetId, false, who(), reason));
    }

    @ManagedOperation(description = "The dataset's current approval, if any")
    @ManagedOperationParameter(name = "datasetId", description = "the dataset")
    public String approval(String datasetId) {
        return approvals.current(datasetId).map(DatasetsJmx::describe).orElse("none");
    }

    private static String describe(Approval approval) {
        return approval.decision().wire() + " by " + approval.by() + " at " + approval.at()
                + (approval.reason() == null ? "" : ": " + approval.reason());
    }

    /** The JMX user who called (remote JMX with authentication), else "jmx". */
    @SuppressWarnings("removal")
    private static String who() {
        Subject subject = Subject.getSubject(java.security.AccessController.getContext());
        return subject == null || subject.getPrincipals().isEmpty() ? "jmx"
                : "jmx:" + subject.getPrincipals().iterator().next().getName();
    }
}
