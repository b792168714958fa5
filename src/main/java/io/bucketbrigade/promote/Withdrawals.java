package io.bucketbrigade.promote;

import io.bucketbrigade.idempotency.DatasetLock;
import io.bucketbrigade.idempotency.ObjectBusyException;
import io.bucketbrigade.jobs.Operations;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/**
 * What operators withdraw from production (API and JMX): a whole dataset, by the route {@code retract-dataset}; or
 * one older version, deprecated in the manifest.
 */
@Component
public class Withdrawals {

    private final ProducerTemplate routes;
    private final Manifests manifests;
    private final DatasetLock locks;

    Withdrawals(ProducerTemplate routes, Manifests manifests, DatasetLock locks) {
        this.routes = routes;
        this.manifests = manifests;
        this.locks = locks;
    }

    /**
     * Retracts a published dataset (a dry run lists the operations and writes nothing).
     *
     * @return the plan carried out, or why there was nothing to retract ({@link RetractionPlan#verdict()})
     * @throws ObjectBusyException the dataset is being published (or retracted) and stayed so for the busy wait
     */
    public RetractionPlan retract(String datasetId, String reason, String by, boolean dryRun) {
        requireReason(reason);
        try {
            return routes.requestBody("direct:retract-dataset",
                    new RetractionRequest(datasetId, reason.strip(), by, new Operations(dryRun)), RetractionPlan.class);
        } catch (CamelExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e; // e.g. the dataset is being published
        }
    }

    /**
     * Deprecates an older version of a published dataset: the manifest says so; the version's objects stay.
     *
     * @throws IllegalArgumentException no such version
     * @throws IllegalStateException    not published, or the current version
     */
    public Manifest deprecate(String datasetId, int version, String reason, String by) {
        requireReason(reason);
        return locks.holding("promote", datasetId, () -> manifests.deprecate(datasetId, version, reason.strip(), by));
    }

    private static void requireReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("A reason is required: readers of the manifest see it");
        }
    }
}
