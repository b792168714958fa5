package io.bucketbrigade.routefiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

import javax.management.ObjectName;

import io.bucketbrigade.support.BrigadeServerTest;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.aws2.sqs.Sqs2Endpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

/** Operators edit route files while the server runs; a bad edit never takes down a running route. */
@BrigadeServerTest
@TestPropertySource(properties = "brigade.routes.poll-interval=200ms")
@ExtendWith(OutputCaptureExtension.class)
class RouteFilesReloadTest {

    static final String TICKER_V1 = """
            - route:
                id: ticker
                description: ticks, version one
                from:
                  uri: timer:ticker
                  parameters:
                    period: 50
                  steps:
                    - setBody:
                        constant: tick
            """;

    static final String TICKER_V2 = """
            - route:
                id: ticker
                description: ticks, version two
                from:
                  uri: timer:ticker
                  parameters:
                    period: 50
                  steps:
                    - setBody:
                        constant: tock
            - route:
                id: ticker-echo
                description: added in version two
                from:
                  uri: direct:ticker-echo
                  steps:
                    - setBody:
                        simple: "echo ${body}"
            """;

    @Autowired
    RouteFiles routeFiles;
    @Autowired
    CamelContext camel;
    @Autowired
    RouteFilesProperties properties;
    @Autowired
    MeterRegistry meters;

    Path ticker;
    Route heartbeatBefore;

    @BeforeEach
    void deployTickerVersionOne() throws Exception {
        ticker = properties.directory().resolve("ticker.camel.yaml");
        write(TICKER_V1);
        awaitState("ticker.camel.yaml", "LOADED", RouteFiles.sha256(TICKER_V1));
        heartbeatBefore = camel.getRoute("instance-heartbeat");
    }

    @AfterEach
    void removeTicker() throws Exception {
        Files.deleteIfExists(ticker);
        await().atMost(Duration.ofSeconds(20)).until(() -> camel.getRoute("ticker") == null);
    }

    @Test
    void aBrokenEditLeavesTheFilesRoutesRunningAndIsReportedEverywhere(CapturedOutput output) throws Exception {
        long completedBefore = completed("ticker");

        Files.writeString(ticker, "    - this: [is: not yaml\n", StandardOpenOption.APPEND);

        RouteFileStatus status = awaitState("ticker.camel.yaml", "FAILED", null);
        assertThat(status.error()).startsWith("does not parse");
        assertThat(status.version()).isEqualTo(RouteFiles.sha256(TICKER_V1));
        // the routes of the file keep running the previous version
        assertThat(camel.getRouteController().getRouteStatus("ticker")).isEqualTo(ServiceStatus.Started);
        assertThat(camel.getRoute("ticker").getDescription()).isEqualTo("ticks, version one");
        await().atMost(Duration.ofSeconds(10)).until(() -> completed("ticker") > completedBefore + 5);
        // visible in the log, the metrics and JMX
        assertThat(output.getAll()).contains("Route file ticker.camel.yaml rejected");
        assertThat(meters.get("brigade.route.files.failed").gauge().value()).isEqualTo(1.0);
        String[] failed = (String[]) ManagementFactory.getPlatformMBeanServer()
                .getAttribute(new ObjectName("io.bucketbrigade:type=RouteFiles"), "FailedFiles");
        assertThat(failed).singleElement().asString().startsWith("ticker.camel.yaml: does not parse");

        write(TICKER_V2);

        awaitState("ticker.camel.yaml", "LOADED", RouteFiles.sha256(TICKER_V2));
        assertThat(camel.getRoute("ticker").getDescription()).isEqualTo("ticks, version two");
        assertThat(camel.createProducerTemplate().requestBody("direct:ticker-echo", "hi", String.class))
                .isEqualTo("echo hi");
        assertThat(meters.get("brigade.route.files.failed").gauge().value()).isZero();
        // the other file's route was never touched
        assertThat(camel.getRoute("instance-heartbeat")).isSameAs(heartbeatBefore);
    }

    @Test
    void anEditThatFailsToBuildIsRolledBack() throws Exception {
        write(TICKER_V1.replace("constant: tick", "constant: tick\n        - to: no-such-component:anywhere"));

        RouteFileStatus status = awaitState("ticker.camel.yaml", "FAILED", null);

        assertThat(status.error()).startsWith("fails to build").contains("no-such-component");
        assertThat(camel.getRouteController().getRouteStatus("ticker")).isEqualTo(ServiceStatus.Started);
        assertThat(camel.getRoute("ticker").getDescription()).isEqualTo("ticks, version one");
    }

    @Test
    void aRouteIdOwnedByAnotherFileIsRefused() throws Exception {
        write(TICKER_V1.replace("id: ticker", "id: instance-heartbeat"));

        RouteFileStatus status = awaitState("ticker.camel.yaml", "FAILED", null);

        assertThat(status.error()).contains("'instance-heartbeat'").contains("heartbeat.camel.yaml");
        assertThat(camel.getRoute("instance-heartbeat")).isSameAs(heartbeatBefore);
        assertThat(camel.getRoute("ticker")).isNotNull();
    }

    @Test
    void aRouteNamingAMissingRouteConfigurationIsRefused() throws Exception {
        write(TICKER_V1.replace("id: ticker", "id: ticker\n    routeConfigurationId: nowhere"));

        RouteFileStatus status = awaitState("ticker.camel.yaml", "FAILED", null);

        assertThat(status.error()).isEqualTo(
                "has route 'ticker' using route configuration 'nowhere', which no route file declares");
        assertThat(camel.getRoute("ticker").getDescription()).isEqualTo("ticks, version one");
    }

    @Test
    void everyRouteGetsTheSharedErrorHandling() {
        assertThat(camel.getRoute("ticker").getConfigurationId()).isEqualTo("brigade-error-handling");
        assertThat(camel.getRoute("instance-heartbeat").getConfigurationId()).isEqualTo("brigade-error-handling");
    }

    @Test
    void everyQueueConsumerWaitsForAMessageAsLongAsConfigured() {
        // brigade.consumers.wait-time-seconds, 1 s for a test server (BrigadeServerTest): a stop waits that long
        List<Sqs2Endpoint> consumers = camel.getRoutes().stream().map(Route::getEndpoint)
                .filter(Sqs2Endpoint.class::isInstance).map(Sqs2Endpoint.class::cast).toList();
        assertThat(consumers).extracting(Sqs2Endpoint::getConfiguration).extracting("queueName").contains(
                "ingest-local", "enrich-local", "dataset-checks-local", "promote-local", "processed-events-local",
                "webhooks-local");
        assertThat(consumers).allSatisfy(endpoint -> assertThat(endpoint.getConfiguration().getWaitTimeSeconds())
                .as(endpoint.getEndpointUri()).isEqualTo(1));
    }

    @Test
    void removingAFileRemovesItsRoutes() throws Exception {
        Files.delete(ticker);

        awaitState("ticker.camel.yaml", "REMOVED", null);
        assertThat(camel.getRoute("ticker")).isNull();
    }

    @Test
    void anEditStopsARouteWhoseExchangesReadTheRouteFilesWithoutWaitingForThem() throws Exception {
        // every lineage record names its route's file and version, so the exchanges in flight when an edit stops
        // their route read the route files while the edit is being loaded
        String readsItsVersion = """
                - route:
                    id: ticker
                    description: ticks with its file's version, %s
                    from:
                      uri: timer:ticker
                      parameters:
                        period: 10
                      steps:
                        - setBody:
                            method:
                              ref: routeFiles
                              method: "versionOfRoute('ticker')"
                """;
        for (String version : List.of("version one", "version two", "version three", "version four")) {
            String edited = readsItsVersion.formatted(version);
            write(edited);
            awaitState("ticker.camel.yaml", "LOADED", RouteFiles.sha256(edited));
            // the route stopped without its exchanges holding it up until the stop's timeout
            assertThat(camel.getShutdownStrategy().isTimeoutOccurred()).isFalse();
            await().atMost(Duration.ofSeconds(10)).until(() -> camel.getRoute("ticker").getDescription()
                    .endsWith(version) && completed("ticker") > 3);
        }
    }

    @Test
    void editingTheErrorHandlingRebuildsTheRoutesThatUseIt() throws Exception {
        Path errorHandling = properties.directory().resolve("error-handling.camel.yaml");
        String original = Files.readString(errorHandling);
        try {
            String edited = original.replace("maximumRedeliveries: 3", "maximumRedeliveries: 4");

            Route tickerBefore = camel.getRoute("ticker");
            Files.writeString(errorHandling, edited);

            awaitState("error-handling.camel.yaml", "LOADED", RouteFiles.sha256(edited));
            // the file shows LOADED once it is; the routes that use it are rebuilt after it, file by file
            await().atMost(Duration.ofSeconds(30)).until(() -> camel.getRoute("instance-heartbeat") != heartbeatBefore
                    && camel.getRoute("ticker") != null && camel.getRoute("ticker") != tickerBefore
                    && camel.getRouteController().getRouteStatus("ticker") == ServiceStatus.Started);
        } finally {
            Files.writeString(errorHandling, original);
            awaitState("error-handling.camel.yaml", "LOADED", RouteFiles.sha256(original));
        }
    }

    private void write(String content) throws Exception {
        Files.writeString(ticker, content);
    }

    private long completed(String routeId) throws Exception {
        return RouteFileStates.completed(camel, routeId);
    }

    private RouteFileStatus awaitState(String file, String state, String version) {
        return RouteFileStates.awaitState(routeFiles, file, state, version);
    }
}
