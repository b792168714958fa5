package io.bucketbrigade.events;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bucketbrigade.queues.PoisonMessageException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Signs one delivery of an event to a webhook as Standard Webhooks does: {@code webhook-id} the event id (the same
 * on every retry), {@code webhook-timestamp} the attempt's time in seconds, {@code webhook-signature}
 * {@code v1,<base64 HMAC-SHA256 of "id.timestamp.body">} with the webhook's secret.
 */
@Component("webhookSigner")
public class WebhookSigner {

    /** What routes/events.camel.yaml POSTs: to {@code url}, these headers, this body. */
    public record SignedRequest(String webhook, String url, String id, String timestamp, String signature,
            String body) {}

    private final EventsProperties properties;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    @Autowired
    WebhookSigner(EventsProperties properties) {
        this(properties, Clock.systemUTC());
    }

    WebhookSigner(EventsProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    /** @param delivery an {@link Announcements.Delivery} in JSON, as the webhooks queue holds it */
    public SignedRequest sign(String delivery) {
        Announcements.Delivery wanted = read(delivery);
        EventsProperties.Webhook target = properties.webhooks().get(wanted.webhook());
        if (target == null) {
            throw new PoisonMessageException("No webhook '" + wanted.webhook() + "' is configured "
                    + "(brigade.events.webhooks: " + properties.webhooks().keySet() + ")");
        }
        String event = wanted.event();
        String id = idOf(event);
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        return new SignedRequest(wanted.webhook(), target.url(), id, timestamp,
                signature(target.key(), id, timestamp, event), event);
    }

    private Announcements.Delivery read(String delivery) {
        try {
            Announcements.Delivery read = json.readValue(delivery, Announcements.Delivery.class);
            if (read.webhook() != null && read.event() != null) {
                return read;
            }
        } catch (Exception e) {
            throw new PoisonMessageException("A webhook delivery that is not {\"webhook\": …, \"event\": …}: "
                    + e.getMessage(), e);
        }
        throw new PoisonMessageException("A webhook delivery without its webhook or its event");
    }

    static String signature(byte[] key, String id, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available: " + e.getMessage(), e);
        }
    }

    private String idOf(String event) {
        try {
            JsonNode id = json.readTree(event).path("id");
            if (id.isTextual() && !id.asText().isBlank()) {
                return id.asText();
            }
        } catch (Exception e) {
            throw new PoisonMessageException("A webhook delivery that is not a CloudEvent in JSON: " + e.getMessage(),
                    e);
        }
        throw new PoisonMessageException("A webhook delivery whose CloudEvent has no id");
    }
}
