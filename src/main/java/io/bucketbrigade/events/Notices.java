package io.bucketbrigade.events;

import java.time.Clock;

import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.ingest.IngestItem;
import io.bucketbrigade.ingest.ObjectEvent;
import io.bucketbrigade.profiles.Classification;
import io.bucketbrigade.promote.GateDecision;
import io.bucketbrigade.promote.Manifest;
import io.bucketbrigade.promote.Publication;
import io.bucketbrigade.promote.RetractionPlan;
import io.bucketbrigade.promote.VersionPlan;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The notice a hop's result gives (routes/events.camel.yaml announces it). Which results are announced is the
 * hops' decision, in their YAML.
 */
@Component("notices")
public class Notices {

    private final String production;
    private final Clock clock;

    @Autowired
    Notices(BrigadeProperties names) {
        this(names, Clock.systemUTC());
    }

    Notices(BrigadeProperties names, Clock clock) {
        this.production = names.buckets().get("production");
        this.clock = clock;
    }

    /**
     * A version written to production, or found there again. Its id is the version's, so a stop between the
     * manifest and its records announces it again with the same id; a version published again after a hold ended
     * is news, with an id of its own.
     */
    public Notice published(Publication publication) {
        Manifest manifest = publication.manifest();
        VersionPlan plan = publication.plan();
        String occurrence = "v" + manifest.version();
        if (plan.unchanged() && !plan.recordsMissing() && plan.gate().productionStatus() != null) {
            occurrence += " after " + plan.gate().productionStatus().wire();
        }
        String datasetId = publication.datasetId();
        return new Notice(EventType.DATASET_PUBLISHED, datasetId, publication.profile(), occurrence, clock.instant(),
                new Notice.Published(datasetId, publication.profile(), manifest.version(), publication.manifestUrl(),
                        manifest.files().size(), publication.bytes(), manifest.publishedAt()));
    }

    /** A dataset the gate keeps out: {@code dataset.held} or {@code dataset.awaiting-approval}. */
    public Notice notPublished(GateDecision decision) {
        EventType type = decision.verdict() == GateDecision.Verdict.AWAITING_APPROVAL
                ? EventType.DATASET_AWAITING_APPROVAL : EventType.DATASET_HELD;
        return new Notice(type, decision.datasetId(), decision.profile(),
                decision.status().wire() + " @" + decision.checkedVersion(), clock.instant(),
                new Notice.NotPublished(decision.datasetId(), decision.profile(), decision.verdict().name(),
                        decision.reason(), decision.checkedVersion(), decision.processedFiles(),
                        decision.processedBytes()));
    }

    /** A published dataset withdrawn (its last version names it: a retraction retried has the same id). */
    public Notice retracted(RetractionPlan plan) {
        return new Notice(EventType.DATASET_RETRACTED, plan.datasetId(), plan.profile(),
                "v" + plan.current().version(), clock.instant(),
                new Notice.Retracted(plan.datasetId(), plan.profile(), plan.request().reason(), plan.request().by(),
                        plan.at(), plan.withdrawn(), "s3://" + production + "/" + Manifest.key(plan.datasetId()),
                        plan.deletesObjects()));
    }

    /** An object version refused at ingest. */
    public Notice rejected(IngestItem item) {
        ObjectEvent object = item.getEvent();
        Classification.Rejected rejection = item.getRejection();
        return new Notice(EventType.OBJECT_REJECTED, item.datasetId(), rejection.profile(),
                object.key() + "#" + object.eTag() + " " + rejection.rule(), clock.instant(),
                new Notice.Rejected(item.datasetId(), rejection.profile(), object.bucket(), object.key(),
                        object.eTag(), object.size(), rejection.rule(), rejection.message()));
    }
}
