package io.bucketbrigade.enrich;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bucketbrigade.ingest.IngestItem;
import io.bucketbrigade.ingest.SourceCopy;
import io.bucketbrigade.queues.PoisonMessageException;
import io.bucketbrigade.records.LedgerEntry;
import org.springframework.stereotype.Component;

/**
 * The messages of the enrich queue: {@code {"datasetId": …, "key": …, "sourceKey": …, "sourceSha256": …,
 * "uploadId": …, "source": {"eTag": …, "contentType": …, "metadata": {…}}}}, one per object that reached source.
 * The key is the original key, as in the ledger; the source version (its key, SHA-256 and upload, as the ledger
 * records them) lets the enrich hop claim a receive's versions together before it reads the ledger, and what it is
 * stored with in source lets the hop copy it to processed without asking S3 first. A request without them (sent by
 * hand, or by a server from before) is handled the same, its version claimed on its own and looked up in source.
 */
@Component("enrichRequests")
public class EnrichRequests {

    /**
     * One object to take from source to processed.
     *
     * @param sourceKey    its key in source as the ingest hop wrote it, or null
     * @param sourceSha256 the SHA-256 of what the ingest hop wrote there, or null
     * @param uploadId     the upload it came from (the ledger's {@code uploadId}), or null
     * @param source       what that version is stored with in source, or null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EnrichRequest(String datasetId, String key, String sourceKey, String sourceSha256,
            String uploadId, Stored source) {

        /** Whether the request names this version of the object in source (the ledger's entry). */
        public boolean names(LedgerEntry entry) {
            return entry.sourceKey().equals(sourceKey) && entry.sourceSha256().equals(sourceSha256)
                    && Objects.equals(entry.uploadId(), uploadId);
        }

        /** The claim of the source version the request names, when it names one. */
        public Optional<String> idempotencyKey() {
            return sourceKey == null || sourceSha256 == null || uploadId == null ? Optional.empty()
                    : Optional.of(EnrichItem.claimOf(datasetId, sourceKey, sourceSha256, uploadId));
        }
    }

    /** What a version in source is stored with: its ETag, Content-Type and user metadata. */
    public record Stored(String eTag, String contentType, Map<String, String> metadata) {
    }

    private final ObjectMapper json = new ObjectMapper();

    /** The request for an object the ingest route just wrote to source. */
    public String of(IngestItem item) {
        SourceCopy copy = item.getCopy();
        return toJson(new EnrichRequest(item.datasetId(), item.getEvent().key(), copy.target().key(), copy.sha256(),
                item.getEvent().uploadId(), new Stored(copy.target().eTag(), copy.contentType(), copy.metadata())));
    }

    public String toJson(EnrichRequest request) {
        try {
            return json.writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @throws PoisonMessageException when the message is not an enrich request */
    public EnrichRequest parse(String body) {
        try {
            JsonNode node = json.readTree(body);
            if (node != null && node.path("datasetId").isTextual() && node.path("key").isTextual()) {
                return new EnrichRequest(node.get("datasetId").asText(), node.get("key").asText(),
                        node.path("sourceKey").textValue(), node.path("sourceSha256").textValue(),
                        node.path("uploadId").textValue(), stored(node.path("source")));
            }
        } catch (JsonProcessingException e) {
            throw new PoisonMessageException("not an enrich request: not JSON (" + e.getOriginalMessage() + ")");
        }
        throw new PoisonMessageException("not an enrich request: it needs datasetId and key");
    }

    /** What a request says its version is stored with, when it says it whole; null otherwise (asked of S3). */
    private Stored stored(JsonNode source) {
        JsonNode metadata = source.path("metadata");
        if (!source.path("eTag").isTextual() || !source.path("contentType").isTextual() || !metadata.isObject()) {
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : metadata.properties()) {
            if (!field.getValue().isTextual()) {
                return null;
            }
            values.put(field.getKey(), field.getValue().textValue());
        }
        return new Stored(source.get("eTag").textValue(), source.get("contentType").textValue(), values);
    }

    /** The request a message holds, as {@link #parse} reads it (a look ahead); none when the message is poison. */
    public Optional<EnrichRequest> peek(String body) {
        try {
            return Optional.of(parse(body));
        } catch (PoisonMessageException poison) {
            return Optional.empty();
        }
    }
}
