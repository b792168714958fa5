package io.bucketbrigade.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * A start-up step that fails while a service is away (provisioning, the catalogue's tier ranking) is tried again in
 * the background until it succeeds, and then no more.
 */
class BackgroundTest {

    @Test
    void aStepThatFailsIsTriedAgainUntilItSucceedsAndThenStops() {
        AtomicInteger attempts = new AtomicInteger();

        ScheduledExecutorService retries = Background.untilDone("test-retries", Duration.ofMillis(20),
                () -> attempts.incrementAndGet() >= 3);

        assertThat(attempts.get()).as("tried at once, on the caller's thread").isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(retries::isTerminated);
        assertThat(attempts.get()).isEqualTo(3);
    }

    @Test
    void aStepThatSucceedsAtOnceLeavesNothingRunning() {
        AtomicInteger attempts = new AtomicInteger();

        ScheduledExecutorService retries = Background.untilDone("test-retries", Duration.ofMillis(20),
                () -> attempts.incrementAndGet() > 0);

        assertThat(retries.isShutdown()).isTrue();
        assertThat(attempts.get()).isEqualTo(1);
    }
}
