package io.bucketbrigade.ingest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bucketbrigade.queues.PoisonMessageException;
import io.bucketbrigade.queues.ReceivedMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Reads what S3 really sends to a queue: {@code s3:TestEvent} (ignored), several Records per message,
 * URL-encoded keys (a space arrives as {@code +}), ObjectCreated Put/Post/Copy/CompleteMultipartUpload (taken),
 * other event types (ignored), and the same wrapped in an SNS notification. Anything else is a poison message.
 */
@Component("s3EventParser")
public class S3EventParser {

    private static final Logger LOG = LoggerFactory.getLogger(S3EventParser.class);

    /** S3 events are at most 64 KiB; SQS messages at most 256 KiB. */
    static final int MAX_MESSAGE_BYTES = 256 * 1024;

    private final ObjectMapper json = new ObjectMapper();

    /**
     * @return the object versions the message announces, in order (empty for test events and removals)
     * @throws PoisonMessageException when the message is not an S3 event notification
     */
    public List<ObjectEvent> parse(String body) {
        return parse(body, true);
    }

    /**
     * The object versions a message announces, as {@link #parse} finds them, without logging what it ignores (a
     * look ahead at a message that its route parses later); none when the message is poison.
     */
    public List<ObjectEvent> peek(String body) {
        try {
            return parse(body, false);
        } catch (PoisonMessageException poison) {
            return List.of();
        }
    }

    private List<ObjectEvent> parse(String body, boolean log) {
        if (body == null || body.isBlank()) {
            throw new PoisonMessageException("empty message: an S3 event notification is a JSON object");
        }
        int bytes = body.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_MESSAGE_BYTES) {
            throw new PoisonMessageException("message of " + bytes + " bytes is larger than any S3 event ("
                    + MAX_MESSAGE_BYTES + " bytes at most)");
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new PoisonMessageException("not JSON: " + e.getOriginalMessage() + " (starts with '"
                    + ReceivedMessage.excerpt(body, 60) + "')");
        }
        if (root != null && "Notification".equals(root.path("Type").asText()) && root.path("Message").isTextual()) {
            return parse(root.path("Message").asText(), log); // S3 -> SNS -> SQS
        }
        if (root == null || !root.isObject()) {
            throw new PoisonMessageException("not an S3 event notification: the JSON is not an object ('"
                    + ReceivedMessage.excerpt(body, 60) + "')");
        }
        if ("s3:TestEvent".equals(root.path("Event").asText())) {
            if (log) {
                LOG.info("S3 test event for bucket {} ignored", root.path("Bucket").asText("?"));
            }
            return List.of();
        }
        JsonNode records = root.path("Records");
        if (!records.isArray()) {
            throw new PoisonMessageException("not an S3 event notification: no Records array ('"
                    + ReceivedMessage.excerpt(body, 60) + "')");
        }
        List<ObjectEvent> events = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            JsonNode record = records.get(i);
            String eventName = record.path("eventName").asText("");
            if (!eventName.startsWith("ObjectCreated:")) {
                if (log) {
                    LOG.info("S3 event {} for {} ignored: only ObjectCreated events are ingested", eventName,
                            record.at("/s3/object/key").asText("?"));
                }
                continue;
            }
            events.add(event(i, record, eventName));
        }
        return events;
    }

    private ObjectEvent event(int index, JsonNode record, String eventName) {
        String bucket = required(index, record, "/s3/bucket/name");
        String encodedKey = required(index, record, "/s3/object/key");
        String eTag = required(index, record, "/s3/object/eTag").replace("\"", "");
        String key;
        try {
            key = URLDecoder.decode(encodedKey, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new PoisonMessageException("record " + index + ": s3.object.key '" + encodedKey
                    + "' is not URL-encoded: " + e.getMessage());
        }
        JsonNode size = record.at("/s3/object/size");
        Instant time;
        try {
            time = record.hasNonNull("eventTime") ? Instant.parse(record.get("eventTime").asText()) : Instant.now();
        } catch (DateTimeParseException e) {
            throw new PoisonMessageException("record " + index + ": eventTime '" + record.get("eventTime").asText()
                    + "' is not an ISO-8601 time");
        }
        return new ObjectEvent(bucket, key, size.canConvertToLong() ? size.asLong() : -1, eTag,
                Sequencer.normalize(record.at("/s3/object/sequencer").asText(null)), eventName, time,
                record.path("eventSource").asText("aws:s3"));
    }

    private static String required(int index, JsonNode record, String pointer) {
        JsonNode node = record.at(pointer);
        if (!node.isValueNode() || node.asText().isEmpty()) {
            throw new PoisonMessageException("record " + index + " has no " + pointer.substring(1).replace('/', '.'));
        }
        return node.asText();
    }
}
