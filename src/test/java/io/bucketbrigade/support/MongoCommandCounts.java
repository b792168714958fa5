package io.bucketbrigade.support;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The MongoDB commands a server in the test's JVM sent, from Spring Boot's {@code mongodb.driver.commands} timers:
 * what a step costs in requests, counted between two points of a test.
 */
public final class MongoCommandCounts {

    private MongoCommandCounts() {
    }

    /** The commands of this name ("update", "insert") sent so far. */
    public static double of(MeterRegistry meters, String command) {
        return meters.find("mongodb.driver.commands").tag("command", command).timers().stream()
                .mapToDouble(Timer::count).sum();
    }
}
