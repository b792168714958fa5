package io.bucketbrigade.openlineage;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * OpenLineage run events ({@code brigade.openlineage}): off unless a URL or a file is set.
 *
 * @param url           an OpenLineage HTTP endpoint: Marquez's base URL (events go to {@code /api/v1/lineage}) or
 *                      a full URL with its path
 * @param apiKey        sent as a Bearer token, if set
 * @param file          a file that gets one event per line, appended
 * @param producer      the {@code producer} of every event
 * @param timeout       a request to {@code url} that takes longer fails (the event is dropped, with a WARN)
 * @param queueCapacity events waiting to be sent; beyond it, events are dropped (with a WARN and a count) rather
 *                      than holding up a hop
 */
@Validated
@ConfigurationProperties("brigade.openlineage")
public record OpenLineageProperties(
        @Pattern(regexp = "(?i)https?://\\S+", message = "must be an http:// or https:// URL") String url,
        String apiKey, String file, @NotNull URI producer, @NotNull Duration timeout, @Positive int queueCapacity) {

    public boolean enabled() {
        return has(url) || has(file);
    }

    /** Events go to the file (otherwise to the URL). */
    public boolean toFile() {
        return has(file);
    }

    @AssertTrue(message = "set brigade.openlineage.url or brigade.openlineage.file, not both")
    public boolean isOneTransport() {
        return !(has(url) && has(file));
    }

    private static boolean has(String value) {
        return value != null && !value.isBlank();
    }
}
