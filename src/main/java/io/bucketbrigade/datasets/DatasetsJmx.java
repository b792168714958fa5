package io.bucketbrigade.datasets;

import javax.security.auth.Subject;

import io.bucketbrigade.promote.Approvals;
import io.bucketbrigade.records.Approval;
import org.springframework.jmx.export.annotation.ManagedOperation;
import org.springframework.jmx.export.annotation.ManagedOperationParameter;
import org.springframework.jmx.export.annotation.ManagedOperationParameters;
import org.springframework.jmx.export.annotation.ManagedResource;
import org.springframework.stereotype.Component;

/** Datasets over JMX: {@code io.bucketbrigade:type=Datasets}. */
@Component
@ManagedResource(objectName = "io.bucketbrigade:type=Datasets", description = "Dataset approvals")
public class DatasetsJmx {

    private final Approvals approvals;

    public DatasetsJmx(Approvals approvals) {
        this.approvals = approvals;
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
