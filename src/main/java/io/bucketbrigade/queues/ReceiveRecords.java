package io.bucketbrigade.queues;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

import io.bucketbrigade.idempotency.ConfirmedByReceiveRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * What a hop writes for a whole receive once each of its messages was handled (the steps of its
 * {@code receiveRecords} route): records of every piece of work in one request, the requests to the next hops in one
 * SendMessageBatch, then the claims of the work confirmed in one BatchWriteItem. Each step takes the receive's
 * message outcomes and gives them back; a message whose records a step could not write is left (it returns after its
 * visibility timeout and is done again, every write being idempotent), and the others go on. The claims are
 * confirmed last, so that work whose records are not all written is never skipped as done.
 *
 * @param <T> the hop's piece of work, as its message route leaves it (the result of a message is one, or a list)
 */
public final class ReceiveRecords<T> {

    private static final Logger LOG = LoggerFactory.getLogger(ReceiveRecords.class);

    private final Class<T> type;
    private final Predicate<T> claimed;
    private final Function<T, String> claimKey;
    private final ConfirmedByReceiveRepository claims;
    private final Receives receives;

    /**
     * @param type     the hop's work
     * @param claimed  whether a piece of work in a message's result was claimed and worked by that message (not
     *                 skipped as done, or as brought earlier in the receive)
     * @param claimKey its key in the hop's idempotent repository
     */
    public ReceiveRecords(Class<T> type, Predicate<T> claimed, Function<T, String> claimKey,
            ConfirmedByReceiveRepository claims, Receives receives) {
        this.type = type;
        this.claimed = claimed;
        this.claimKey = claimKey;
        this.claims = claims;
        this.receives = receives;
    }

    /** Writes the records of the done messages' work in one call of {@code writer}; on a failure they are left. */
    public <R> List<MessageOutcome> write(List<MessageOutcome> outcomes, String what, Function<T, Stream<R>> recordsOf,
            Consumer<List<R>> writer) {
        List<R> records = outcomes.stream().filter(MessageOutcome::deletes).flatMap(this::work).flatMap(recordsOf)
                .toList();
        if (records.isEmpty()) {
            return outcomes;
        }
        try {
            writer.accept(records);
            return outcomes;
        } catch (RuntimeException e) {
            LOG.warn("Could not write the {} of a receive ({} records): {}", what, records.size(), e.toString());
            return leaveDone(outcomes, what + " not written: " + e);
        }
    }

    /**
     * Sends what the done messages' work asks of the next hop, each message body once, ten to a SendMessageBatch;
     * every message whose request the queue did not take is left.
     */
    public List<MessageOutcome> request(List<MessageOutcome> outcomes, String queue,
            Function<T, Stream<String>> requestsOf) {
        Map<String, Set<Integer>> askedBy = new LinkedHashMap<>();
        for (int i = 0; i < outcomes.size(); i++) {
            int message = i;
            if (outcomes.get(i).deletes()) {
                work(outcomes.get(i)).flatMap(requestsOf).forEach(request -> askedBy
                        .computeIfAbsent(request, r -> new TreeSet<>()).add(message));
            }
        }
        if (askedBy.isEmpty()) {
            return outcomes;
        }
        List<String> bodies = List.copyOf(askedBy.keySet());
        List<MessageOutcome> settled = new ArrayList<>(outcomes);
        for (int refused : receives.send(queue, bodies)) {
            for (int message : askedBy.get(bodies.get(refused))) {
                if (settled.get(message).deletes()) {
                    settled.set(message, settled.get(message).leave("request not sent to " + queue));
                }
            }
        }
        return settled;
    }

    /**
     * Confirms the claims of the done messages' work in one BatchWriteItem (25 a request), and releases those of
     * the messages left with their work, and those claimed for the receive that no message took, so that it is
     * taken again as soon as they return.
     */
    public List<MessageOutcome> confirm(List<MessageOutcome> outcomes) {
        List<String> done = outcomes.stream().filter(MessageOutcome::deletes).flatMap(this::work).map(claimKey)
                .toList();
        List<MessageOutcome> settled = outcomes;
        try {
            claims.confirmAll(done);
        } catch (SdkException | IllegalStateException e) {
            LOG.warn("Could not confirm the claims of a receive ({} keys): {}", done.size(), e.toString());
            settled = leaveDone(outcomes, "claims not confirmed: " + e);
        }
        settled.stream().filter(o -> !o.deletes()).flatMap(this::work).map(claimKey).forEach(this::release);
        claims.releaseUntaken();
        return settled;
    }

    private void release(String key) {
        try {
            claims.remove(key);
        } catch (SdkException e) {
            LOG.warn("Could not release the claim of {}; it is free again when its lease ends: {}", key, e.toString());
        }
    }

    /** Every done message with work of its own, left: its records are not all written. */
    private List<MessageOutcome> leaveDone(List<MessageOutcome> outcomes, String why) {
        return outcomes.stream().map(o -> o.deletes() && work(o).findAny().isPresent() ? o.leave(why) : o).toList();
    }

    /** The work a message claimed, from its route's result (none when it failed, or was poison). */
    private Stream<T> work(MessageOutcome outcome) {
        Stream<?> results = outcome.result() instanceof List<?> list ? list.stream() : Stream.of(outcome.result());
        return results.filter(type::isInstance).map(type::cast).filter(claimed);
    }
}
