package io.bucketbrigade.enrich;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bucketbrigade.ingest.IngestItem;
import io.bucketbrigade.queues.PoisonMessageException;
import org.springframework.stereotype.Component;

/**
 * The messages of the enrich queue: {@code {"datasetId": …, "key": …}}, one per object that reached source (the
 * key is the original key, as in the ledger).
 */
@Component("enrichRequests")
public class EnrichRequests {

    /** One object to take from source to processed. */
    public record EnrichRequest(String datasetId, String key) {}

    private final ObjectMapper json = new ObjectMapper();

    /** The request for an object the ingest route just wrote to source. */
    public String of(IngestItem item) {
        return toJson(new EnrichRequest(item.datasetId(), item.getEvent().key()));
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
                return new EnrichRequest(node.get("datasetId").asText(), node.get("key").asText());
            }
        } catch (JsonProcessingException e) {
            throw new PoisonMessageException("not an enrich request: not JSON (" + e.getOriginalMessage() + ")");
        }
        throw new PoisonMessageException("not an enrich request: it needs datasetId and key");
    }
}
