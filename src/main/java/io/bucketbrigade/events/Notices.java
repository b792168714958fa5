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

    /** A version just written to production. */
    public Notice published(Publication publication) {
        Manifest manifest = publication.manifest();
        return published(publication.datasetId(), publication.profile(), manifest.version(),
                manifest.files().size(), publication.bytes(), manifest.publishedAt());
    }

    /**
     * The current version found published again (after a hold ended, or when a server stopped between the manifest
     * and its records): announced with the same id as when it was written.
     */
    public Notice republished(VersionPlan plan) {
        long bytes = plan.files().stream().mapToLong(Manifest.File::size).sum();
        return published(plan.datasetId(), plan.gate().profile(), plan.version(), plan.files().size(), bytes, null);
    }

    private Notice published(String datasetId, String profile, int version, int files, long bytes,
            String publishedAt) {
        String manifest = "s3://" + production + "/" + Manifest.key(datasetId);
        return new Notice(EventType.DATASET_PUBLISHED, datasetId, profile, "v" + version, clock.instant(),
                new Notice.Published(datasetId, profile, version, manifest, files, bytes, publishedAt));
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
