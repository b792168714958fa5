package io.bucketbrigade.queues;

import java.util.Map;

import io.bucketbrigade.jobs.Jobs;
import org.springframework.jmx.export.annotation.ManagedOperation;
import org.springframework.jmx.export.annotation.ManagedOperationParameter;
import org.springframework.jmx.export.annotation.ManagedOperationParameters;
import org.springframework.jmx.export.annotation.ManagedResource;
import org.springframework.stereotype.Component;

/** Dead letters over JMX: {@code io.bucketbrigade:type=DeadLetters}. */
@Component
@ManagedResource(objectName = "io.bucketbrigade:type=DeadLetters", description = "Dead-letter queues")
public class DeadLettersJmx {

    private final DeadLetterQueues deadLetters;
    private final Jobs jobs;

    public DeadLettersJmx(DeadLetterQueues deadLetters, Jobs jobs) {
        this.deadLetters = deadLetters;
        this.jobs = jobs;
    }

    @ManagedOperation(description = "Up to 100 dead letters of a queue (empty: all queues), one per line")
    @ManagedOperationParameter(name = "queue",
            description = "ingest, enrich, dataset-checks, promote, processed-events, events, webhooks")
    public String[] list(String queue) {
        return deadLetters.list(queue, 100).stream().map(l -> l.queue() + " " + l.messageId() + " "
                + l.explanation().state() + ": " + l.explanation().detail() + " | " + l.body())
                .toArray(String[]::new);
    }

    @ManagedOperation(description = "Re-drive dead letters to their queue (those whose work is done are dropped); a dry run lists them")
    @ManagedOperationParameters({
            @ManagedOperationParameter(name = "queue", description = "the queue (empty: all)"),
            @ManagedOperationParameter(name = "filter", description = "text the body or reason contains (empty: all)"),
            @ManagedOperationParameter(name = "dryRun", description = "list only")})
    public String[] redrive(String queue, String filter, boolean dryRun) {
        Map<String, String> parameters = new java.util.HashMap<>();
        if (queue != null && !queue.isBlank()) {
            parameters.put("queue", queue);
        }
        if (filter != null && !filter.isBlank()) {
            parameters.put("filter", filter);
        }
        return jobs.run("redrive", "jmx", dryRun, parameters).operations().lines().toArray(String[]::new);
    }
}
