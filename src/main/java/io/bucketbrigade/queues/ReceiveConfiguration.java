package io.bucketbrigade.queues;

import java.util.concurrent.ExecutorService;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.processor.aggregate.GroupedBodyAggregationStrategy;
import org.apache.camel.util.concurrent.SynchronousExecutorService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What the {@code sqs-receive-consumer} template and its receive routes name in their EIPs. */
@Configuration(proxyBeanMethods = false)
class ReceiveConfiguration {

    /**
     * {@code aggregationStrategy: groupedBodies}: the bodies gathered into one list, in order (the messages of one
     * receive; the outcomes of its split).
     */
    @Bean("groupedBodies")
    AggregationStrategy groupedBodies() {
        return new GroupedBodyAggregationStrategy();
    }

    /**
     * {@code executorService: inConsumerThread}: an aggregate hands what it completes to the thread that completed
     * it, here the SQS consumer that took the receive. Camel's default is one thread for the whole aggregate, which
     * would handle every consumer's receives one after another, while the consumers went on taking more.
     */
    @Bean("inConsumerThread")
    ExecutorService inConsumerThread() {
        return new SynchronousExecutorService();
    }
}
