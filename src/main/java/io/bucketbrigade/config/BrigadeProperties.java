package io.bucketbrigade.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Every name the server uses (buckets, tables, queues, collections), declared once in application.yaml.
 * Routes reach them as placeholders such as {@code {{brigade.buckets.original}}}.
 */
@Validated
@ConfigurationProperties("brigade")
public record BrigadeProperties(
        @NotBlank String namespace,
        @NotBlank String env,
        @Valid Map<String, @NotBlank String> buckets,
        @Valid Map<String, Table> tables,
        @Valid Map<String, Queue> queues,
        @NotBlank String database,
        @Valid Map<String, @NotBlank String> collections) {

    public BrigadeProperties {
        buckets = copy(buckets);
        tables = copy(tables);
        queues = copy(queues);
        collections = copy(collections);
    }

    /** The queue of this server with that SQS name (brigade.queues.&lt;queue&gt;.name), if any. */
    public Optional<Queue> queueNamed(String name) {
        return queues.values().stream().filter(q -> q.name().equals(name)).findFirst();
    }

    /** A DynamoDB table: its name and key schema (string keys). */
    public record Table(@NotBlank String name, @NotBlank String partitionKey, String sortKey, String ttlAttribute) {
        public boolean hasSortKey() {
            return sortKey != null && !sortKey.isBlank();
        }

        public boolean hasTtl() {
            return ttlAttribute != null && !ttlAttribute.isBlank();
        }
    }

    /** An SQS queue with its dead-letter queue and redrive policy. */
    public record Queue(
            @NotBlank String name,
            @NotBlank String deadLetterName,
            @Positive int maxReceiveCount,
            Duration visibilityTimeout) {
        public static final Duration DEFAULT_VISIBILITY_TIMEOUT = Duration.ofMinutes(5);

        public Queue {
            visibilityTimeout = visibilityTimeout == null ? DEFAULT_VISIBILITY_TIMEOUT : visibilityTimeout;
        }

        /** The visibility timeout in whole seconds, as SQS takes it: at least 1. */
        public long visibilityTimeoutSeconds() {
            return seconds(visibilityTimeout);
        }

        static long seconds(Duration timeout) {
            return Math.max(1, timeout.toSeconds());
        }
    }

    private static <V> Map<String, V> copy(Map<String, V> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
