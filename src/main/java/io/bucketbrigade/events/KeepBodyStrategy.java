package io.bucketbrigade.events;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.processor.aggregate.UseOriginalAggregationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code aggregationStrategy: keepBody}: an {@code enrich} step that announces something (or posts a webhook
 * delivery) keeps the exchange's own body, and fails the step when the enriching route fails.
 */
@Configuration(proxyBeanMethods = false)
class KeepBodyStrategy {

    @Bean("keepBody")
    AggregationStrategy keepBody() {
        return new UseOriginalAggregationStrategy();
    }
}
