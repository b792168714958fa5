package io.bucketbrigade.enrich;

import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bucketbrigade.ingest.IngestItem;
import io.bucketbrigade.queues.PoisonMessageException;
import org.springframework.stereotype.Component;

/**
 * The messages of the enrich queue: {@code {"datasetId": …, "key": …, "sourceKey": …, "sourceSha256": …,
 * "uploadId": …}}, one per object that reached source. The key is the original key, as in the ledger; the source
 * version (its key, SHA-256 and upload, as the ledger records them) lets the enrich hop claim a receive's versions
 * together before it reads the ledger. A request without it (sent by hand, or by a server from before) is handled
 * the same, its version claimed on its own.
 */
@Component("enrichRequests")
public class EnrichRequests {

    /**
     * One object to take from source to processed.
     *
     * @param sourceKey    its key in source as the ingest hop wrote it, or null
     * @param sourceSha256 the SHA-256 of what the ingest hop wrote there, or null
     * @param uploadId     the upload it came from (the ledger's {@code uploadId}), or null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EnrichRequest(String datasetId, String key, String sourceKey, String sourceSha256,
            String uploadId) {

        /** The claim of the source version the request names, when it names one. */
        public Optional<String> idempotencyKey() {
            return sourceKey == null || sourceSha256 == null || uploadId == null ? Optional.empty()
                    : Optional.of(EnrichItem.claimOf(datasetId, sourceKey, sourceSha256, uploadId));
        }
    }

    private final ObjectMapper json = new ObjectMapper();

    /** The request for an object the ingest route just wrote to source. */
    public String of(IngestItem item) {
        return toJson(new EnrichRequest(item.datasetId(), item.getEvent().key(), item.getCopy().target().key(),
                item.getCopy().sha256(), item.getEvent().uploadId()));
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
                        node.path("uploadId").textValue());
            }
        } catch (JsonProcessingException e) {
            throw new PoisonMessageException("not an enrich request: not JSON (" + e.getOriginalMessage() + ")");
        }
        throw new PoisonMessageException("not an enrich request: it needs datasetId and key");
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
