package io.bucketbrigade.queues;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.bucketbrigade.config.Background;
import io.bucketbrigade.config.BrigadeProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * The messages of one SQS receive, handled together (the {@code sqs-receive-consumer} template): kept invisible
 * while the route works on them, then the handled ones deleted in one DeleteMessageBatch. A message that failed is
 * left, and returns after its visibility timeout as it would alone.
 */
@Component("receives")
public class Receives {

    private static final Logger LOG = LoggerFactory.getLogger(Receives.class);

    /** SQS takes at most ten entries in a batch request. */
    static final int BATCH = 10;

    /** A receive kept invisible until {@link #release}, and the work keys its messages met so far. */
    public static final class Hold {
        private final String queueUrl;
        private final List<ReceivedMessage> messages;
        private final Set<String> keys = ConcurrentHashMap.newKeySet();
        private volatile ScheduledFuture<?> extension;

        private Hold(String queueUrl, List<ReceivedMessage> messages) {
            this.queueUrl = queueUrl;
            this.messages = messages;
        }
    }

    /**
     * What settling a receive did.
     *
     * @param deleted    messages deleted (done, or dead-lettered as poison)
     * @param left       messages left to return after their visibility timeout (they failed)
     * @param notDeleted messages done whose delete failed: they return, and are then skipped as done
     */
    public record Settled(int deleted, int left, int notDeleted) {
    }

    private final SqsClient sqs;
    private final BrigadeProperties names;
    private final MeterRegistry meters;
    private final Map<String, String> urls = new ConcurrentHashMap<>();
    private final ScheduledExecutorService extender = Background.thread("receive-visibility");

    Receives(SqsClient sqs, BrigadeProperties names, MeterRegistry meters) {
        this.sqs = sqs;
        this.names = names;
        this.meters = meters;
    }

    /** One message of a receive, from what the SQS consumer gives for it. */
    public ReceivedMessage message(String queue, String messageId, String receiptHandle, String body) {
        return new ReceivedMessage(queue, messageId, receiptHandle, body);
    }

    /**
     * Keeps a receive's messages invisible to other consumers until {@link #release}: every half visibility timeout
     * of their queue, one ChangeMessageVisibilityBatch gives them a whole timeout again (a receive of large objects
     * can take longer than one timeout; a message that returned while its object is still being copied would be
     * taken again elsewhere).
     */
    public Hold hold(List<ReceivedMessage> messages) {
        if (messages.isEmpty()) {
            return new Hold(null, messages);
        }
        String queue = messages.get(0).queue();
        long timeout = names.queueNamed(queue).orElseThrow(() -> new IllegalArgumentException(
                "not a queue of this server: " + queue)).visibilityTimeoutSeconds();
        Hold hold = new Hold(url(queue), List.copyOf(messages));
        long period = Math.max(1, timeout / 2);
        hold.extension = extender.scheduleWithFixedDelay(() -> extend(hold, timeout), period, period,
                TimeUnit.SECONDS);
        return hold;
    }

    /**
     * Whether the receive meets this work key (an object version, a source version) for the first time. A later
     * message of the same receive that brings it again is a duplicate: the first message's claim is settled only
     * when the whole receive is, so the duplicate is left to it.
     */
    public boolean firstInReceive(Hold hold, String key) {
        return hold.keys.add(key);
    }

    /** Stops keeping the receive invisible (what was not deleted returns after its timeout). */
    public void release(Hold hold) {
        if (hold != null && hold.extension != null) {
            hold.extension.cancel(false);
        }
    }

    /**
     * Deletes the messages that are done (poison ones put on the dead-letter queue included), ten to a
     * DeleteMessageBatch. A delete that fails is logged and not retried: the message returns, and its work, all
     * recorded, is then skipped as done.
     */
    public Settled settle(Hold hold, List<MessageOutcome> outcomes) {
        List<ReceivedMessage> deletable = outcomes.stream().filter(MessageOutcome::deletes)
                .map(MessageOutcome::message).toList();
        int notDeleted = 0;
        for (List<ReceivedMessage> batch : batches(deletable)) {
            notDeleted += delete(hold.queueUrl, batch);
        }
        int left = outcomes.size() - deletable.size();
        outcomes.stream().filter(o -> !o.deletes()).forEach(o -> LOG.warn(
                "Message {} of {} ({}) failed and stays on the queue, to return after its visibility timeout: {}",
                o.message().messageId(), o.message().queue(), ReceivedMessage.excerpt(o.message().body(), 200),
                o.reason()));
        Settled settled = new Settled(deletable.size() - notDeleted, left, notDeleted);
        if (!outcomes.isEmpty()) {
            String queue = outcomes.get(0).message().queue();
            count(queue, "deleted", settled.deleted());
            count(queue, "left", settled.left());
            count(queue, "not-deleted", settled.notDeleted());
        }
        return settled;
    }

    /**
     * Puts messages on a queue, ten to a SendMessageBatch (the requests that a receive's work makes for the next hop).
     *
     * @return the positions of the bodies that the queue did not take (every one of a request that failed)
     */
    public Set<Integer> send(String queue, List<String> bodies) {
        Set<Integer> failed = new TreeSet<>();
        String queueUrl;
        try {
            queueUrl = url(queue);
        } catch (SdkException e) {
            LOG.warn("Could not send {} messages to {}: {}", bodies.size(), queue, e.toString());
            return IntStream.range(0, bodies.size()).boxed().collect(Collectors.toCollection(TreeSet::new));
        }
        List<SendMessageBatchRequestEntry> all = IntStream.range(0, bodies.size()).mapToObj(i ->
                SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(bodies.get(i)).build())
                .toList();
        for (List<SendMessageBatchRequestEntry> entries : batches(all)) {
            try {
                SendMessageBatchResponse response = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
                for (BatchResultErrorEntry refused : response.failed()) {
                    failed.add(Integer.parseInt(refused.id()));
                    LOG.warn("{} did not take a message: {} {}", queue, refused.code(), refused.message());
                }
            } catch (SdkException e) {
                entries.forEach(entry -> failed.add(Integer.parseInt(entry.id())));
                LOG.warn("Could not send {} messages to {}: {}", entries.size(), queue, e.toString());
            }
        }
        return failed;
    }

    private void count(String queue, String outcome, int messages) {
        Counter.builder("brigade.queue.settled").tag("queue", queue).tag("outcome", outcome)
                .description("Messages of a receive deleted once handled, left to return after a failure, or whose "
                        + "delete failed").register(meters).increment(messages);
    }

    private int delete(String queueUrl, List<ReceivedMessage> messages) {
        List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
                    .receiptHandle(messages.get(i).receiptHandle()).build());
        }
        Counter.builder("brigade.queue.delete.requests").tag("queue", messages.get(0).queue())
                .description("DeleteMessageBatch requests, one for the handled messages of a receive")
                .register(meters).increment();
        try {
            DeleteMessageBatchResponse response = sqs.deleteMessageBatch(d -> d.queueUrl(queueUrl).entries(entries));
            for (BatchResultErrorEntry failed : response.failed()) {
                LOG.warn("Could not delete message {} (it returns, and is then skipped as done): {} {}",
                        messages.get(Integer.parseInt(failed.id())).messageId(), failed.code(), failed.message());
            }
            return response.failed().size();
        } catch (SdkException e) {
            LOG.warn("Could not delete {} messages from {} (they return, and are then skipped as done): {}",
                    messages.size(), queueUrl, e.toString());
            return messages.size();
        }
    }

    private void extend(Hold hold, long timeout) {
        try {
            for (List<ReceivedMessage> batch : batches(hold.messages)) {
                List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
                for (int i = 0; i < batch.size(); i++) {
                    entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i))
                            .receiptHandle(batch.get(i).receiptHandle()).visibilityTimeout((int) timeout).build());
                }
                sqs.changeMessageVisibilityBatch(c -> c.queueUrl(hold.queueUrl).entries(entries));
            }
        } catch (SdkException e) {
            LOG.warn("Could not keep {} messages of {} invisible; they may be taken again elsewhere: {}",
                    hold.messages.size(), hold.queueUrl, e.toString());
        }
    }

    /** Ten at a time, as SQS's batch requests take them (a receive of more was several receives). */
    private static <T> List<List<T>> batches(List<T> entries) {
        List<List<T>> batches = new ArrayList<>();
        for (int from = 0; from < entries.size(); from += BATCH) {
            batches.add(entries.subList(from, Math.min(entries.size(), from + BATCH)));
        }
        return batches;
    }

    private String url(String queue) {
        return urls.computeIfAbsent(queue, q -> sqs.getQueueUrl(g -> g.queueName(q)).queueUrl());
    }

    @PreDestroy
    void stop() {
        extender.shutdownNow();
    }
}
