package io.bucketbrigade.heartbeat;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.bucketbrigade.config.InstanceIdentity;
import io.bucketbrigade.routefiles.RouteFileStatus;
import io.bucketbrigade.routefiles.RouteFiles;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.info.BuildProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Builds this instance's item for the {@code instances} table: who it is, since when, when it was last seen and
 * whether its route files loaded. The item expires (DynamoDB TTL) three periods after the last beat, so the
 * table lists the servers that are alive.
 */
@Component("instanceHeartbeat")
public class InstanceHeartbeat {

    private final String instanceId;
    private final Instant startedAt;
    private final Duration period;
    private final String version;
    private final RouteFiles routeFiles;
    private final Clock clock;

    @Autowired
    InstanceHeartbeat(RouteFiles routeFiles, ObjectProvider<BuildProperties> build, InstanceIdentity instance,
            @Value("${brigade.heartbeat.period:30000}") long periodMillis) {
        this(routeFiles, build.getIfAvailable(), instance, Duration.ofMillis(periodMillis), Clock.systemUTC());
    }

    InstanceHeartbeat(RouteFiles routeFiles, BuildProperties build, InstanceIdentity instance, Duration period,
            Clock clock) {
        this.routeFiles = routeFiles;
        this.period = period;
        this.clock = clock;
        this.startedAt = instance.startedAt();
        this.version = build == null ? "dev" : build.getVersion();
        this.instanceId = instance.id();
    }

    public String instanceId() {
        return instanceId;
    }

    /** The item to put for this beat. */
    public Map<String, AttributeValue> item() {
        Instant now = clock.instant();
        long failedFiles = routeFiles.statuses().stream().filter(RouteFileStatus::failed).count();
        return Map.of(
                "instanceId", AttributeValue.fromS(instanceId),
                "startedAt", AttributeValue.fromS(startedAt.toString()),
                "lastSeen", AttributeValue.fromS(now.toString()),
                "version", AttributeValue.fromS(version),
                "jvm", AttributeValue.fromS(ManagementFactory.getRuntimeMXBean().getVmVersion()),
                "failedRouteFiles", AttributeValue.fromN(Long.toString(failedFiles)),
                "expiresAt", AttributeValue.fromN(Long.toString(now.plus(period.multipliedBy(3)).getEpochSecond())));
    }
}
