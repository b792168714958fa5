package io.bucketbrigade.routefiles;

import java.util.List;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Reports rejected route-file edits under {@code /actuator/health/routeFiles}. It stays UP: the previous version
 * of a rejected file keeps running, so the server is healthy, but the details name each file and its error.
 */
@Component
class RouteFilesHealthIndicator implements HealthIndicator {

    private final RouteFiles routeFiles;

    RouteFilesHealthIndicator(RouteFiles routeFiles) {
        this.routeFiles = routeFiles;
    }

    @Override
    public Health health() {
        List<RouteFileStatus> statuses = routeFiles.statuses();
        List<String> failed = statuses.stream().filter(RouteFileStatus::failed)
                .map(s -> s.file() + ": " + s.error()).toList();
        return Health.up()
                .withDetail("files", statuses.size())
                .withDetail("failed", failed)
                .build();
    }
}
