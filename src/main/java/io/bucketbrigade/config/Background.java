package io.bucketbrigade.config;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** The server's own background work: one daemon thread per task, named for thread dumps. */
public final class Background {

    private Background() {
    }

    /** A scheduler on one daemon thread called {@code name}. */
    public static ScheduledExecutorService thread(String name) {
        return Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * A start-up step that must not keep the server from starting while a service is away: {@code attempt} is tried
     * now and, until it returns true, again every {@code delay} on the thread {@code name}. Call
     * {@link ScheduledExecutorService#shutdownNow()} on the answer at shutdown.
     */
    public static ScheduledExecutorService untilDone(String name, Duration delay, BooleanSupplier attempt) {
        ScheduledExecutorService retries = thread(name);
        if (attempt.getAsBoolean()) {
            retries.shutdown();
        } else {
            retries.scheduleWithFixedDelay(() -> {
                if (attempt.getAsBoolean()) {
                    retries.shutdown();
                }
            }, delay.toMillis(), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
        return retries;
    }
}
