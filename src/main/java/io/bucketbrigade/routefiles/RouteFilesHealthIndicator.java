package io.bucketbrigade.routefiles;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.spi.SupervisingRouteController;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health/routeFiles}: rejected route-file edits, and routes the supervising route controller is
 * retrying because they failed to start. It stays UP: the previous version of a rejected file keeps running and a
 * retried route harms no other, so the server is healthy, but the details name each file and route and the error.
 */
@Component
class RouteFilesHealthIndicator implements HealthIndicator {

    private final RouteFiles routeFiles;
    private final CamelContext camel;

    RouteFilesHealthIndicator(RouteFiles routeFiles, CamelContext camel) {
        this.routeFiles = routeFiles;
        this.camel = camel;
    }

    @Override
    public Health health() {
        List<RouteFileStatus> statuses = routeFiles.statuses();
        List<String> failed = statuses.stream().filter(RouteFileStatus::failed)
                .map(s -> s.file() + ": " + s.error()).toList();
        return Health.up()
                .withDetail("files", statuses.size())
                .withDetail("failed", failed)
                .withDetail("restartingRoutes", restartingRoutes())
                .build();
    }

    /** Route id to the error of its last failed start, for routes waiting for their next start attempt. */
    private Map<String, String> restartingRoutes() {
        Map<String, String> restarting = new TreeMap<>();
        if (camel.getRouteController() instanceof SupervisingRouteController supervisor) {
            for (Route route : supervisor.getRestartingRoutes()) {
                Throwable error = supervisor.getRestartException(route.getRouteId());
                if (error == null && route.getLastError() != null) {
                    error = route.getLastError().getException(); // the first attempt, before any retry
                }
                restarting.put(route.getRouteId(), error == null ? "starting" : RouteFileException.describe(error));
            }
        }
        return restarting;
    }
}
