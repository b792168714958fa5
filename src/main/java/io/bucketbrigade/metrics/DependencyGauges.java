package io.bucketbrigade.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.actuate.health.HealthContributorRegistry;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

/**
 * {@code brigade.dependency.up{service}}: 1 while the service answers its health check (every bucket, table,
 * queue, or the database), 0 while it does not, for alerts; refreshed by the route {@code measure-stack}.
 */
@Component("dependencyGauges")
public class DependencyGauges {

    static final List<String> SERVICES = List.of("s3", "dynamodb", "sqs", "mongodb");

    private final HealthContributorRegistry health;
    private final Map<String, double[]> up = new LinkedHashMap<>();

    DependencyGauges(HealthContributorRegistry health, MeterRegistry meters) {
        this.health = health;
        for (String service : SERVICES) {
            double[] value = {Double.NaN};
            up.put(service, value);
            Gauge.builder("brigade.dependency.up", value, v -> v[0]).tag("service", service)
                    .description("1 while the service answers the server's health check, 0 while it does not")
                    .register(meters);
        }
    }

    /** Runs each service's health check once. */
    public void refresh() {
        up.forEach((service, value) -> {
            if (health.getContributor(service) instanceof HealthIndicator indicator) {
                value[0] = Status.UP.equals(indicator.health().getStatus()) ? 1 : 0;
            }
        });
    }
}
