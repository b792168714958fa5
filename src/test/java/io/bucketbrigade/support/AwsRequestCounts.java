package io.bucketbrigade.support;

import java.util.Map;
import java.util.TreeMap;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The requests a server in the test's JVM sent to AWS, by "service operation" ("DynamoDb PutItem"), from its
 * {@code brigade.aws.requests} counters: what a step costs in requests, counted between two points of a test.
 */
public final class AwsRequestCounts {

    private AwsRequestCounts() {
    }

    /** The requests sent so far. */
    public static Map<String, Double> of(MeterRegistry meters) {
        Map<String, Double> requests = new TreeMap<>();
        meters.find("brigade.aws.requests").counters().forEach(c -> requests.merge(
                c.getId().getTag("service") + " " + c.getId().getTag("operation"), c.count(), Double::sum));
        return requests;
    }

    /** The requests sent since {@code before} was taken by {@link #of}. */
    public static Map<String, Double> since(MeterRegistry meters, Map<String, Double> before) {
        Map<String, Double> made = of(meters);
        made.replaceAll((request, n) -> n - before.getOrDefault(request, 0.0));
        return made;
    }
}
