package io.bucketbrigade.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bucketbrigade.queues.PoisonMessageException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** Standard Webhooks signatures, and the webhook settings a server refuses to start with. */
class WebhookSignerTest {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @Test
    void signsAsTheStandardWebhooksSpecificationsExample() {
        byte[] key = Base64.getDecoder().decode(SECRET.substring("whsec_".length()));

        // the example of the Standard Webhooks specification and its reference libraries
        assertThat(WebhookSigner.signature(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330",
                "{\"test\": 2432232314}")).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void aDeliveryCarriesTheEventIdTheAttemptsTimeAndTheWebhooksUrl() throws Exception {
        EventsProperties properties = new EventsProperties(URI.create("/brigade/test"), Map.of("curators",
                new EventsProperties.Webhook("http://127.0.0.1:1/hook", SECRET, List.of(), List.of())));
        WebhookSigner signer = new WebhookSigner(properties,
                Clock.fixed(Instant.ofEpochSecond(1614265330), ZoneOffset.UTC));
        String event = "{\"specversion\":\"1.0\",\"id\":\"msg_p5jXN8AQM9LWM0D4loKWxJek\",\"type\":\"t\"}";

        WebhookSigner.SignedRequest request = signer.sign(delivery("curators", event));

        assertThat(request.id()).isEqualTo("msg_p5jXN8AQM9LWM0D4loKWxJek");
        assertThat(request.timestamp()).isEqualTo("1614265330");
        assertThat(request.url()).isEqualTo("http://127.0.0.1:1/hook");
        assertThat(request.body()).isEqualTo(event);
        assertThat(request.signature()).isEqualTo(WebhookSigner.signature(
                Base64.getDecoder().decode(SECRET.substring(6)), request.id(), request.timestamp(), event));
    }

    @Test
    void aDeliveryToAWebhookNoLongerConfiguredOrOfNoEventIsPoison() {
        WebhookSigner signer = new WebhookSigner(new EventsProperties(URI.create("/b/t"), Map.of()));

        assertThatThrownBy(() -> signer.sign(delivery("gone", "{\"id\":\"1\"}")))
                .isInstanceOf(PoisonMessageException.class)
                .hasMessage("No webhook 'gone' is configured (brigade.events.webhooks: [])");
        EventsProperties one = new EventsProperties(URI.create("/b/t"), Map.of("w",
                new EventsProperties.Webhook("https://example.org/", SECRET, List.of(), List.of())));
        assertThatThrownBy(() -> new WebhookSigner(one).sign(delivery("w", "not json")))
                .isInstanceOf(PoisonMessageException.class).hasMessageStartingWith("A webhook delivery that is not");
        assertThatThrownBy(() -> new WebhookSigner(one).sign("[]")).isInstanceOf(PoisonMessageException.class)
                .hasMessageStartingWith("A webhook delivery that is not {\"webhook\"");
    }

    static String delivery(String webhook, String event) throws Exception {
        return new ObjectMapper().writeValueAsString(new Announcements.Delivery(webhook, event));
    }

    @Configuration
    @EnableConfigurationProperties(EventsProperties.class)
    static class Settings {
    }

    final ApplicationContextRunner server = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Settings.class).withPropertyValues("brigade.events.source=/brigade/test");

    @Test
    void aWebhookUrlThatIsNotHttpOrASecretThatIsNotBase64StopsTheStartWithTheReason() {
        server.withPropertyValues("brigade.events.webhooks.files.url=file:///etc/passwd",
                "brigade.events.webhooks.files.secret=" + SECRET).run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().hasMessageContaining(
                            "webhooks[files].url").hasMessageContaining("file:///etc/passwd").hasMessageContaining(
                                    "must be an http:// or https:// URL");
                });
        server.withPropertyValues("brigade.events.webhooks.w.url=https://example.org/hook",
                "brigade.events.webhooks.w.secret=not base64!").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().hasMessageStartingWith(
                            "A webhook secret must be base64");
                });
        server.withPropertyValues("brigade.events.webhooks.w.url=https://example.org/hook",
                "brigade.events.webhooks.w.secret=" + SECRET).run(context -> assertThat(context).hasNotFailed());
    }
}
