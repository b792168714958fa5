package io.bucketbrigade.records;

import static com.mongodb.client.model.Filters.eq;

import java.util.ArrayList;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Sorts;
import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.config.InstanceIdentity;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * The append-only {@code lineage} collection: one event per step an object version takes (received, rejected,
 * validated, copied, …), with the route and the version of its route file that took it. Every event of one upload
 * carries the same {@code upload} id, so an object's whole chain is one query. An event's {@code _id} is derived
 * from the upload and the step: recording a step twice records it once.
 */
@Component
public class Lineage {

    private final MongoCollection<Document> events;
    private final RouteOrigins routes;
    private final String instanceId;

    Lineage(MongoClient mongo, BrigadeProperties names, RouteOrigins routes, InstanceIdentity instance) {
        this.events = mongo.getDatabase(names.database()).getCollection(names.collections().get("lineage"));
        this.routes = routes;
        this.instanceId = instance.id();
    }

    /**
     * Records a step once.
     *
     * @param routeId  the route taking the step (null: none, e.g. an API call)
     * @param uploadId the upload this step belongs to
     * @param step     received, rejected, validated, copied, …
     * @param details  bucket, key, etag, checksums, target … of this step
     * @return whether this call recorded it (false: it was already there)
     */
    public boolean record(String routeId, String uploadId, String step, Document details) {
        return Catalogue.insertOnce(events, event(routeId, uploadId, step, step, details));
    }

    /** A step's event, timed now, to be recorded later with others by {@link #recordAll}. */
    public Document event(String routeId, String uploadId, String step, Document details) {
        return event(routeId, uploadId, step, step, details);
    }

    /**
     * Records several steps' events (of several uploads, say) in one request, each once. The events of one upload
     * keep the order they are given in, which is the order of its steps: one timed in the same millisecond as the
     * step before it (both made in memory, one after the other) is timed a millisecond after it, so that the chain
     * reads in order by time.
     */
    public void recordAll(List<Document> steps) {
        Map<String, Date> last = new HashMap<>();
        for (Document step : steps) {
            Date before = last.get(step.getString("upload"));
            if (before != null && !step.getDate("time").after(before)) {
                step.put("time", new Date(before.getTime() + 1));
            }
            last.put(step.getString("upload"), step.getDate("time"));
        }
        Catalogue.insertOnce(events, steps);
    }

    /**
     * {@link #event} of a step that an upload may take more than once (promoted to version 1, then 2 …), recorded
     * once per {@code occurrence}.
     */
    public Document event(String routeId, String uploadId, String step, String occurrence, Document details) {
        Document event = new Document("_id", eventId(uploadId, occurrence))
                .append("upload", uploadId)
                .append("step", step)
                .append("time", new Date())
                .append("routeId", routeId)
                .append("routeFile", routeId == null ? null : routes.fileOfRoute(routeId).orElse(null))
                .append("routeVersion", routeId == null ? null : routes.versionOfRoute(routeId).orElse(null))
                .append("instance", instanceId);
        event.putAll(details);
        return event;
    }

    /**
     * Records a step of a whole dataset (checked, sidecar written) once per content: the same step with the same
     * content (its SHA-256) is recorded once.
     */
    public boolean recordDataset(String routeId, String datasetId, String step, String contentSha256,
            Document details) {
        return Catalogue.insertOnce(events, datasetEvent(routeId, datasetId, step, contentSha256, details));
    }

    /** A dataset step's event, timed now, to be recorded later with others by {@link #recordAll}. */
    public Document datasetEvent(String routeId, String datasetId, String step, String contentSha256,
            Document details) {
        Document event = new Document("_id", eventId("dataset:" + datasetId + ":" + contentSha256, step))
                .append("datasetId", datasetId)
                .append("step", step)
                .append("time", new Date())
                .append("routeId", routeId)
                .append("routeFile", routeId == null ? null : routes.fileOfRoute(routeId).orElse(null))
                .append("routeVersion", routeId == null ? null : routes.versionOfRoute(routeId).orElse(null))
                .append("instance", instanceId)
                .append("contentSha256", contentSha256);
        event.putAll(details);
        return event;
    }

    /** Every event of one dataset. */
    public List<Document> ofDataset(String datasetId) {
        return events.find(eq("datasetId", datasetId)).sort(Sorts.ascending("time")).into(new ArrayList<>());
    }

    /** The upload whose chain wrote or read this object (as the target of a step, or its subject). */
    public java.util.Optional<String> uploadOf(String bucket, String key) {
        Document event = events.find(com.mongodb.client.model.Filters.and(
                eq("target.bucket", bucket), eq("target.key", key), com.mongodb.client.model.Filters.exists("upload")))
                .first();
        if (event == null) {
            event = events.find(com.mongodb.client.model.Filters.and(eq("bucket", bucket), eq("key", key),
                    com.mongodb.client.model.Filters.exists("upload"))).first();
        }
        return java.util.Optional.ofNullable(event).map(e -> e.getString("upload"));
    }

    /** Every event of one upload, in the order they happened. */
    public List<Document> ofUpload(String uploadId) {
        return events.find(eq("upload", uploadId)).sort(Sorts.ascending("time")).into(new ArrayList<>());
    }

    /** How many times the step was taken since then, on every instance. */
    public long countSince(String step, Instant since) {
        return events.countDocuments(com.mongodb.client.model.Filters.and(eq("step", step),
                com.mongodb.client.model.Filters.gte("time", Date.from(since))));
    }

    static String eventId(String uploadId, String step) {
        return io.bucketbrigade.checksum.Checksums.shortSha256Hex(uploadId + "/" + step);
    }
}
