package io.bucketbrigade.routefiles;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.apache.camel.CamelContext;
import org.apache.camel.api.management.ManagedCamelContext;

/** Waiting for route files and reading their routes, for the reload tests. */
final class RouteFileStates {

    private RouteFileStates() {
    }

    /**
     * Waits for a file's state (and version, unless null). An edit of the error handling rebuilds every route file in
     * turn, and stopping an SQS consumer waits for its long poll (up to 10 s), so that takes tens of seconds.
     */
    static RouteFileStatus awaitState(RouteFiles routeFiles, String file, String state, String version) {
        return await().atMost(Duration.ofSeconds(60))
                .until(() -> routeFiles.status(file).orElse(null),
                        s -> s != null && s.state().equals(state)
                                && (version == null || version.equals(s.version())));
    }

    static long completed(CamelContext camel, String routeId) throws Exception {
        return camel.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class)
                .getManagedRoute(routeId).getExchangesCompleted();
    }
}
