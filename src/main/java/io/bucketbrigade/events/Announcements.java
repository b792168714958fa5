package io.bucketbrigade.events;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonFormat;
import org.springframework.stereotype.Component;

/**
 * A notice as a CloudEvents 1.0 event in structured JSON mode (the SDK's envelope), and the webhooks that take it.
 */
@Component("announcements")
public class Announcements {

    /**
     * What routes/events.camel.yaml sends: the event to the events queue, and one delivery per webhook that takes it
     * to the webhooks queue (each a {@link Delivery} in JSON).
     */
    public record Announcement(String event, List<String> deliveries) {}

    /** One event (its JSON, as signed and sent) for one webhook, as queued for delivery. */
    public record Delivery(String webhook, String event) {}

    private final EventsProperties properties;
    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();
    private final JsonFormat format = new JsonFormat();

    Announcements(EventsProperties properties) {
        this.properties = properties;
    }

    public Announcement of(Notice notice) {
        String event = write(notice);
        List<String> deliveries = properties.webhooks().entrySet().stream()
                .filter(w -> w.getValue().takes(notice)).map(w -> write(new Delivery(w.getKey(), event))).toList();
        return new Announcement(event, deliveries);
    }

    private String write(Delivery delivery) {
        try {
            return json.writeValueAsString(delivery);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a delivery to " + delivery.webhook(), e);
        }
    }

    String write(Notice notice) {
        try {
            CloudEvent event = CloudEventBuilder.v1()
                    .withId(notice.id())
                    .withSource(properties.source())
                    .withType(notice.type().type())
                    .withSubject(notice.subject())
                    .withTime(notice.time().atOffset(ZoneOffset.UTC))
                    .withDataContentType("application/json")
                    .withData(json.writeValueAsBytes(notice.data()))
                    .build();
            return new String(format.serialize(event), StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the data of " + notice.type().type() + " for "
                    + notice.subject() + ": " + e.getMessage(), e);
        }
    }
}
