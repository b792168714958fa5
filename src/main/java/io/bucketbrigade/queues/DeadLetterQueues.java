package io.bucketbrigade.queues;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.jobs.Operations;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The dead-letter queues: what is in them (read without taking: every message received is made visible again at
 * once), and re-driving their messages, all or those a filter matches, back to the queue they came from.
 */
@Component
public class DeadLetterQueues {

    /** The message attribute that carries why a message was sent to its dead-letter queue on purpose. */
    static final String REASON = "brigadeReason";

    /** How long a message read for listing stays hidden: long enough to read the queue through once. */
    private static final int HIDE_SECONDS = 30;

    /** A message in a dead-letter queue, and whether its work still needs doing. */
    public record DeadLetter(String queue, String deadLetterQueue, String messageId, String body,
            Map<String, String> attributes, String receiveCount, String sentAt, Explanation explanation) {

        boolean matches(String filter) {
            return filter == null || filter.isEmpty() || body.contains(filter)
                    || attributes.values().stream().anyMatch(v -> v.contains(filter));
        }
    }

    /** What a re-drive did: the letters sent back to their queue, and those dropped because their work is done. */
    public record Redrive(List<DeadLetter> redriven, List<DeadLetter> dropped) {}

    private final SqsClient sqs;
    private final BrigadeProperties names;
    private final Map<String, LetterWork> work = new HashMap<>();

    DeadLetterQueues(SqsClient sqs, BrigadeProperties names, List<LetterWork> work) {
        this.sqs = sqs;
        this.names = names;
        work.forEach(w -> this.work.put(w.queue(), w));
    }

    /** The queues that have dead-letter queues, by their configuration name (ingest, enrich …). */
    public List<String> queues() {
        return List.copyOf(names.queues().keySet());
    }

    /** Up to {@code limit} messages of one queue's dead-letter queue (or of all, when queue is null). */
    public List<DeadLetter> list(String queue, int limit) {
        Redrive letters = new Redrive(new ArrayList<>(), List.of());
        for (String name : selected(queue)) {
            take(name, limit - letters.redriven().size(), letter -> false, null, letters);
        }
        return letters.redriven();
    }

    /**
     * Sends the matching messages back to their queue and deletes them from the dead-letter queue; a matching
     * message whose work is done by now is only deleted (a dry run only lists them).
     *
     * @return the messages re-driven and dropped (or, in a dry run, that would be)
     */
    public Redrive redrive(String queue, String filter, int limit, Operations ops) {
        Redrive done = new Redrive(new ArrayList<>(), new ArrayList<>());
        for (String name : selected(queue)) {
            take(name, limit - done.redriven().size() - done.dropped().size(), letter -> letter.matches(filter), ops,
                    done);
        }
        return done;
    }

    private List<String> selected(String queue) {
        if (queue == null || queue.isBlank()) {
            return queues();
        }
        if (!names.queues().containsKey(queue)) {
            throw new IllegalArgumentException("No queue '" + queue + "' (queues: " + queues() + ")");
        }
        return List.of(queue);
    }

    /**
     * Reads the dead-letter queue through once; what {@code redrive} selects is moved (unless a dry run), everything
     * else is made visible again.
     */
    private void take(String queueName, int limit, Predicate<DeadLetter> redrive, Operations ops, Redrive collected) {
        BrigadeProperties.Queue queue = names.queues().get(queueName);
        String dlqUrl = sqs.getQueueUrl(q -> q.queueName(queue.deadLetterName())).queueUrl();
        String queueUrl = sqs.getQueueUrl(q -> q.queueName(queue.name())).queueUrl();
        List<Message> hidden = new ArrayList<>();
        try {
            int taken = 0;
            while (taken < limit) {
                List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(dlqUrl).maxNumberOfMessages(10)
                        .visibilityTimeout(HIDE_SECONDS).waitTimeSeconds(0).messageAttributeNames("All")
                        .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
                                MessageSystemAttributeName.SENT_TIMESTAMP)).messages();
                if (batch.isEmpty()) {
                    break;
                }
                for (Message message : batch) {
                    DeadLetter letter = letter(queueName, queue.deadLetterName(), message);
                    boolean move = ops != null && redrive.test(letter) && taken < limit;
                    if (move) {
                        taken++;
                        String letterUri = "sqs://" + queue.deadLetterName() + "/" + message.messageId();
                        Runnable delete = () -> sqs.deleteMessage(d -> d.queueUrl(dlqUrl)
                                .receiptHandle(message.receiptHandle()));
                        if (letter.explanation().state() == Explanation.State.DONE) {
                            collected.dropped().add(letter);
                            ops.apply("DROP " + letterUri + " (done: " + letter.explanation().detail() + ")", delete);
                        } else {
                            collected.redriven().add(letter);
                            ops.apply("REDRIVE " + letterUri + " -> sqs://" + queue.name(), () -> {
                                sqs.sendMessage(s -> s.queueUrl(queueUrl).messageBody(message.body())
                                        .messageAttributes(withoutReason(message.messageAttributes())));
                                delete.run();
                            });
                        }
                        if (ops.dryRun()) {
                            hidden.add(message);
                        }
                    } else {
                        if (ops == null && taken < limit) {
                            taken++;
                            collected.redriven().add(letter);
                        }
                        hidden.add(message);
                    }
                }
            }
        } finally {
            showAgain(dlqUrl, hidden);
        }
    }

    private void showAgain(String url, List<Message> messages) {
        for (int i = 0; i < messages.size(); i += 10) {
            List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
            for (Message message : messages.subList(i, Math.min(i + 10, messages.size()))) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(message.messageId())
                        .receiptHandle(message.receiptHandle()).visibilityTimeout(0).build());
            }
            sqs.changeMessageVisibilityBatch(c -> c.queueUrl(url).entries(entries));
        }
    }

    private DeadLetter letter(String queue, String deadLetterQueue, Message message) {
        Map<String, String> attributes = new LinkedHashMap<>();
        message.messageAttributes().forEach((name, value) -> attributes.put(name, value.stringValue()));
        String body = message.body().length() > 2048 ? message.body().substring(0, 2048) + "…" : message.body();
        return new DeadLetter(queue, deadLetterQueue, message.messageId(), body, attributes,
                message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT),
                message.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP),
                explain(queue, message.body(), attributes.get(REASON)));
    }

    /**
     * A letter sent on purpose carries its reason; for any other, the queue's hop tells whether its work got done
     * after all (a delete lost in an outage, a last receipt that ran out while another instance finished it).
     */
    private Explanation explain(String queue, String body, String reason) {
        if (reason != null) {
            return Explanation.refused(reason);
        }
        LetterWork hop = work.get(queue);
        if (hop == null) {
            return Explanation.pending("no record tells whether the work of a " + queue + " message is done");
        }
        try {
            return hop.explain(body);
        } catch (RuntimeException e) {
            return Explanation.pending("could not tell whether its work is done: " + e);
        }
    }

    /** A re-driven message leaves its dead-letter reason behind. */
    private static Map<String, MessageAttributeValue> withoutReason(Map<String, MessageAttributeValue> attributes) {
        Map<String, MessageAttributeValue> kept = new HashMap<>(attributes);
        kept.keySet().removeIf(name -> name.startsWith("brigade"));
        return kept;
    }
}
