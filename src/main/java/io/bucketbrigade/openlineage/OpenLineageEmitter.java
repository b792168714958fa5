package io.bucketbrigade.openlineage;

import java.net.URI;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.bucketbrigade.records.RouteOrigins;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.transports.ApiKeyTokenProvider;
import io.openlineage.client.transports.FileConfig;
import io.openlineage.client.transports.FileTransport;
import io.openlineage.client.transports.HttpConfig;
import io.openlineage.client.transports.HttpTransport;
import io.openlineage.client.transports.Transport;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sends the hops' OpenLineage run events through the official client, to the HTTP endpoint or the file of
 * {@code brigade.openlineage}; does nothing when neither is set. Events go out one at a time, in order, on a thread
 * of their own: a slow or absent lineage server never holds up a hop. An event that cannot be sent is logged and
 * counted ({@code brigade.openlineage.events}, outcome failed or dropped); the lineage collection in the catalogue
 * keeps every step regardless.
 */
@Component("openLineage")
public class OpenLineageEmitter {

    private static final Logger LOG = LoggerFactory.getLogger(OpenLineageEmitter.class);

    private final OpenLineageProperties settings;
    private final RunEvents events;
    private final Transport transport;
    private final OpenLineageClient client;
    private final ThreadPoolExecutor sender;
    private final Counter sent;
    private final Counter failed;
    private final Counter dropped;

    OpenLineageEmitter(OpenLineageProperties settings, RouteOrigins routes, MeterRegistry meters) {
        this.settings = settings;
        this.events = new RunEvents(settings.producer(), routes);
        this.transport = settings.enabled() ? transport(settings) : null;
        this.client = transport == null ? null : new OpenLineageClient(transport, null, meters);
        this.sender = settings.enabled() ? new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(settings.queueCapacity()), runnable -> {
                    Thread thread = new Thread(runnable, "openlineage");
                    thread.setDaemon(true);
                    return thread;
                }) : null;
        this.sent = outcome(meters, "sent");
        this.failed = outcome(meters, "failed");
        this.dropped = outcome(meters, "dropped");
        if (settings.enabled()) {
            LOG.info("OpenLineage run events go to {}", settings.toFile() ? settings.file() : settings.url());
        }
    }

    /** Queues a hop's run events to be sent, in this order; nothing when OpenLineage is off. */
    public void emit(LineageRun... runs) {
        if (client == null) {
            return;
        }
        List<LineageRun> batch = List.of(runs);
        try {
            sender.execute(() -> batch.forEach(this::send));
        } catch (RejectedExecutionException e) {
            dropped.increment(batch.size());
            LOG.warn("OpenLineage: {} run event(s) of {} dropped: {} events are waiting already", batch.size(),
                    batch.get(0).job(), settings.queueCapacity());
        }
    }

    private void send(LineageRun run) {
        try {
            client.emit(events.of(run));
            sent.increment();
        } catch (RuntimeException e) {
            failed.increment();
            LOG.warn("OpenLineage: the {} event of run {} ({}) was not sent: {}", run.state(), run.runId(),
                    run.job(), e.getMessage());
        }
    }

    /** Sends what is queued, for at most the request timeout, then stops. */
    @PreDestroy
    void close() throws Exception {
        if (sender == null) {
            return;
        }
        sender.shutdown();
        if (!sender.awaitTermination(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.warn("OpenLineage: {} queued event batch(es) not sent at shutdown", sender.shutdownNow().size());
        }
        if (transport instanceof java.io.Closeable closeable) {
            closeable.close();
        }
    }

    private static Transport transport(OpenLineageProperties settings) {
        if (settings.toFile()) {
            FileConfig file = new FileConfig();
            file.setLocation(settings.file());
            return new FileTransport(file);
        }
        HttpConfig http = new HttpConfig();
        http.setUrl(URI.create(settings.url()));
        http.setTimeoutInMillis((int) settings.timeout().toMillis());
        if (settings.apiKey() != null && !settings.apiKey().isBlank()) {
            ApiKeyTokenProvider token = new ApiKeyTokenProvider();
            token.setApiKey(settings.apiKey());
            http.setAuth(token);
        }
        return new HttpTransport(http);
    }

    private static Counter outcome(MeterRegistry meters, String outcome) {
        return Counter.builder("brigade.openlineage.events").tag("outcome", outcome)
                .description("OpenLineage run events, by whether they were sent").register(meters);
    }
}
