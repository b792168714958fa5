package io.bucketbrigade.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * Counts what the server asks of AWS, for operators and for the benchmark's cost per object: every request the SDK
 * clients send, retries included, as {@code brigade.aws.requests{service, operation}}, and the items of each
 * (a DynamoDB batch or transaction holds many; any other request counts one) as
 * {@code brigade.aws.request.items{service, operation}}, which is what DynamoDB bills by.
 */
public class AwsRequestMeter implements ExecutionInterceptor {

    private final MeterRegistry meters;
    /** The two counters of each service and operation, looked up once (this runs on every request). */
    private final Map<String, Counter[]> counters = new ConcurrentHashMap<>();

    public AwsRequestMeter(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        Counter[] counted = counters.computeIfAbsent(service + "/" + operation, key -> new Counter[] {
            meters.counter("brigade.aws.requests", "service", service, "operation", operation),
            meters.counter("brigade.aws.request.items", "service", service, "operation", operation)});
        counted[0].increment();
        counted[1].increment(items(context.request()));
    }

    /** The items a request writes or reads: those of a DynamoDB batch or transaction, otherwise one. */
    static int items(SdkRequest request) {
        if (request instanceof TransactWriteItemsRequest transaction) {
            return transaction.transactItems().size();
        }
        if (request instanceof TransactGetItemsRequest transaction) {
            return transaction.transactItems().size();
        }
        if (request instanceof BatchWriteItemRequest batch) {
            return batch.requestItems().values().stream().mapToInt(List::size).sum();
        }
        if (request instanceof BatchGetItemRequest batch) {
            return batch.requestItems().values().stream().mapToInt(keys -> keys.keys().size()).sum();
        }
        return 1;
    }
}
