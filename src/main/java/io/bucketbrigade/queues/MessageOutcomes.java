package io.bucketbrigade.queues;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.springframework.stereotype.Component;

/**
 * {@code aggregationStrategy: messageOutcomes}: the split over a receive's messages gives, in order, each one's
 * outcome: done, with the body its route ended with, when that route ended without a failure (a poison message the
 * error handling put on the dead-letter queue included), left with the failure otherwise. The failure stays with its message: the split goes on, and the
 * receive as a whole does not fail. Each split exchange names its message in the {@code received} property (set
 * in the route).
 */
@Component("messageOutcomes")
class MessageOutcomes implements AggregationStrategy {

    static final String RECEIVED = "received";

    @Override
    @SuppressWarnings("unchecked")
    public Exchange aggregate(Exchange gathered, Exchange message) {
        ReceivedMessage received = message.getProperty(RECEIVED, ReceivedMessage.class);
        Exception failure = message.getException();
        MessageOutcome outcome = failure == null ? MessageOutcome.done(received, message.getMessage().getBody())
                : MessageOutcome.left(received, failure.toString());
        message.setException(null);
        if (gathered == null) {
            // a new exchange: the split copies its result's state to the receive's exchange, and a message's own
            // (a poison message handled by the error handling stops its route) must not stop the receive's route
            gathered = new DefaultExchange(message.getContext());
            gathered.getMessage().setBody(new ArrayList<MessageOutcome>());
        }
        gathered.getMessage().getBody(List.class).add(outcome);
        return gathered;
    }
}
