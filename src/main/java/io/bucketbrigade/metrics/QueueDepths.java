package io.bucketbrigade.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.bucketbrigade.config.BrigadeProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The depth of every queue and dead-letter queue, as gauges for dashboards and alerts, refreshed by the route
 * {@code measure-stack} (routes/heartbeat.camel.yaml):
 * <ul>
 * <li>{@code brigade.queue.messages{queue, role=work|dead-letter, state=visible|in-flight}}: SQS's approximate
 * counts;</li>
 * <li>{@code brigade.queue.backlog{queue, role}}: seconds since the queue was last seen without a visible message
 * (0 when empty). SQS has no attribute for the age of its oldest message; a backlog that keeps growing says the
 * same: work arrives faster than it is taken, or is not taken at all.</li>
 * </ul>
 * A queue that cannot be read shows NaN until it can.
 */
@Component("queueDepths")
public class QueueDepths {

    private static final Logger LOG = LoggerFactory.getLogger(QueueDepths.class);

    /** One queue's last reading. */
    private static final class Reading {
        final String queue;
        final String role;
        final String name;
        volatile String url;
        volatile double visible = Double.NaN;
        volatile double inFlight = Double.NaN;
        volatile Instant lastEmpty;

        Reading(String queue, String role, String name) {
            this.queue = queue;
            this.role = role;
            this.name = name;
        }
    }

    private final SqsClient sqs;
    private final Clock clock;
    private final Map<String, Reading> readings = new LinkedHashMap<>();
    private volatile Instant refreshedAt;

    @Autowired
    QueueDepths(SqsClient sqs, BrigadeProperties names, MeterRegistry meters) {
        this(sqs, names, meters, Clock.systemUTC());
    }

    QueueDepths(SqsClient sqs, BrigadeProperties names, MeterRegistry meters, Clock clock) {
        this.sqs = sqs;
        this.clock = clock;
        names.queues().forEach((queue, settings) -> {
            register(meters, queue, "work", settings.name());
            if (settings.deadLetterName() != null) {
                register(meters, queue, "dead-letter", settings.deadLetterName());
            }
        });
    }

    private void register(MeterRegistry meters, String queue, String role, String name) {
        Reading reading = new Reading(queue, role, name);
        readings.put(name, reading);
        Gauge.builder("brigade.queue.messages", reading, r -> r.visible).tags("queue", queue, "role", role,
                "state", "visible").description("Messages waiting in the queue (SQS's approximate count)")
                .register(meters);
        Gauge.builder("brigade.queue.messages", reading, r -> r.inFlight).tags("queue", queue, "role", role,
                "state", "in-flight").description("Messages received and not yet deleted").register(meters);
        TimeGauge.builder("brigade.queue.backlog", reading, TimeUnit.SECONDS, this::backlogSeconds)
                .tags("queue", queue, "role", role)
                .description("Seconds since the queue was last seen without a visible message").register(meters);
    }

    private double backlogSeconds(Reading reading) {
        if (Double.isNaN(reading.visible)) {
            return Double.NaN;
        }
        Instant since = reading.lastEmpty;
        return since == null || reading.visible == 0 ? 0 : Duration.between(since, clock.instant()).toSeconds();
    }

    /**
     * One queue's last reading.
     *
     * @param queue    the queue's configuration name (ingest, enrich …)
     * @param role     {@code work} or {@code dead-letter}
     * @param visible  messages waiting; NaN when the queue could not be read
     * @param inFlight messages received and not yet deleted
     */
    public record Depth(String queue, String role, double visible, double inFlight) {}

    /** Every queue's reading, no older than {@code maxAge} (read again now when it is older). */
    public List<Depth> depths(Duration maxAge) {
        Instant read = refreshedAt;
        if (read == null || read.plus(maxAge).isBefore(clock.instant())) {
            refresh();
        }
        return readings.values().stream().map(r -> new Depth(r.queue, r.role, r.visible, r.inFlight)).toList();
    }

    /** Reads every queue's counts (one GetQueueAttributes each). */
    public void refresh() {
        refreshedAt = clock.instant();
        for (Reading reading : readings.values()) {
            try {
                if (reading.url == null) {
                    reading.url = sqs.getQueueUrl(q -> q.queueName(reading.name)).queueUrl();
                }
                Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(a -> a.queueUrl(reading.url)
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
                reading.visible = Double.parseDouble(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
                reading.inFlight = Double.parseDouble(
                        attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
                if (reading.visible == 0 || reading.lastEmpty == null) {
                    reading.lastEmpty = clock.instant();
                }
            } catch (RuntimeException e) {
                reading.visible = Double.NaN;
                reading.inFlight = Double.NaN;
                reading.url = null;
                LOG.debug("Queue {} not measured: {}", reading.name, e.getMessage());
            }
        }
    }
}
