package io.bucketbrigade.events;

import java.net.URI;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Notifications ({@code brigade.events}): the CloudEvents {@code source} of this environment, and the webhooks that
 * receive events besides the events queue.
 *
 * @param source   the CloudEvents source, a URI reference naming the environment
 * @param webhooks by name
 */
@Validated
@ConfigurationProperties("brigade.events")
public record EventsProperties(@NotNull URI source, @Valid Map<String, Webhook> webhooks) {

    public EventsProperties {
        webhooks = webhooks == null ? Map.of() : Map.copyOf(webhooks);
    }

    /**
     * A receiver of signed events (Standard Webhooks).
     *
     * @param url      where events are POSTed: http or https
     * @param secret   the signing secret, base64 with or without the {@code whsec_} prefix
     * @param types    the event types it takes (e.g. {@code io.bucketbrigade.dataset.published}); empty: all
     * @param profiles the dataset profiles it hears of; empty: all
     */
    public record Webhook(
            @NotBlank @Pattern(regexp = "(?i)https?://\\S+", message = "must be an http:// or https:// URL") String url,
            @NotBlank String secret, List<String> types, List<String> profiles) {

        public Webhook {
            types = types == null ? List.of() : List.copyOf(types);
            profiles = profiles == null ? List.of() : List.copyOf(profiles);
            if (secret != null && !secret.isBlank()) {
                key(secret); // a secret that is not base64 is refused at start, not at the first delivery
            }
        }

        boolean takes(Notice notice) {
            return (types.isEmpty() || types.contains(notice.type().type()))
                    && (profiles.isEmpty() || notice.profile() != null && profiles.contains(notice.profile()));
        }

        byte[] key() {
            return key(secret);
        }

        private static byte[] key(String secret) {
            try {
                return Base64.getDecoder().decode(secret.startsWith("whsec_") ? secret.substring(6) : secret);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("A webhook secret must be base64 (whsec_… as Standard Webhooks "
                        + "makes them): " + e.getMessage());
            }
        }
    }
}
