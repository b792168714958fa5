package io.bucketbrigade.queues;

import java.util.Optional;

import io.bucketbrigade.config.BrigadeProperties;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** Which dead-letter queue a message belongs to: that of the queue it was consumed from. */
@Component("deadLetters")
public class DeadLetters {

    private final BrigadeProperties names;

    DeadLetters(BrigadeProperties names) {
        this.names = names;
    }

    /** The dead-letter queue of the queue this exchange's message came from (the ingest one by default). */
    public String queueFor(Exchange exchange) {
        String from = exchange.getFromEndpoint() == null ? "" : exchange.getFromEndpoint().getEndpointBaseUri();
        return forEndpoint(from).orElse(names.queues().get("ingest").deadLetterName());
    }

    /**
     * What goes on the dead-letter queue: the message's own body, also when it came in a receive handled together
     * (where the original message of each one's exchange is its {@link ReceivedMessage}).
     */
    public Object bodyOf(Object body) {
        return body instanceof ReceivedMessage received ? received.body() : body;
    }

    Optional<String> forEndpoint(String endpointUri) {
        String queue = endpointUri.replaceFirst("^aws2-sqs:(//)?", "");
        return names.queueNamed(queue).map(BrigadeProperties.Queue::deadLetterName);
    }
}
