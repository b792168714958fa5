package io.bucketbrigade.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * One setting per queue for how long a received message stays hidden: {@code brigade.queues.<q>.visibility-timeout}
 * (a duration, used when the queue is provisioned) is also published as
 * {@code brigade.queues.<q>.visibility-timeout-seconds}, the whole seconds the routes' SQS consumers ask for. So a
 * message a dead instance held comes back after the same time, whichever of the two applies.
 */
public class QueueTimeoutsPostProcessor implements EnvironmentPostProcessor {

    static final String SOURCE = "brigadeQueueTimeouts";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> seconds = new LinkedHashMap<>();
        Binder binder = Binder.get(environment);
        binder.bind("brigade.queues", Bindable.mapOf(String.class, Object.class)).orElse(Map.of()).keySet()
                .forEach(queue -> {
                    Duration timeout = binder.bind("brigade.queues." + queue + ".visibility-timeout", Duration.class)
                            .orElse(BrigadeProperties.Queue.DEFAULT_VISIBILITY_TIMEOUT);
                    seconds.put("brigade.queues." + queue + ".visibility-timeout-seconds",
                            Long.toString(BrigadeProperties.Queue.seconds(timeout)));
                });
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE, seconds));
    }
}
