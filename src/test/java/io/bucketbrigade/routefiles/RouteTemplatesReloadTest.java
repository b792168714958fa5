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
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Operators edit route templates while the server runs: a good edit rebuilds the routes made from the template, a
 * bad one is rejected and reported while those routes keep running from the previous version.
 */
@BrigadeServerTest
@TestPropertySource(properties = "brigade.routes.poll-interval=200ms")
class RouteTemplatesReloadTest {

    static final String TEMPLATES_V1 = """
            # templates for the test
            - routeTemplate:
                id: tick
                parameters:
                  - name: name
                  - name: word
                  - name: period
                    defaultValue: "50"
                route:
                  description: "ticks {{word}}, version one"
                  from:
                    id: timer
                    uri: "timer:{{name}}"
                    parameters:
                      period: "{{period}}"
                    steps:
                      - setBody:
                          id: say
                          constant: "{{word}}"
            """;

    static final String TICKS = """
            - templatedRoute:
                routeTemplateRef: tick
                routeId: tick-one
                parameters:
                  - name: name
                    value: one
                  - name: word
                    value: tick
            - templatedRoute:
                routeTemplateRef: tick
                routeId: tick-two
                parameters:
                  - name: name
                    value: two
                  - name: word
                    value: tock
            """;

    @Autowired
    RouteFiles routeFiles;
    @Autowired
    CamelContext camel;
    @Autowired
    RouteFilesProperties properties;
    @Autowired
    RouteFilesHealthIndicator health;

    Path templates;
    Path ticks;
    Route oneBefore;
    Route twoBefore;
    Route heartbeatBefore;

    @BeforeEach
    void deployTemplateAndTwoRoutesMadeFromIt() throws Exception {
        templates = properties.directory().resolve("tick-templates.camel.yaml");
        ticks = properties.directory().resolve("ticks.camel.yaml");
        Files.writeString(templates, TEMPLATES_V1);
        awaitState("tick-templates.camel.yaml", "LOADED", RouteFiles.sha256(TEMPLATES_V1));
        Files.writeString(ticks, TICKS);
        awaitState("ticks.camel.yaml", "LOADED", RouteFiles.sha256(TICKS));
        oneBefore = camel.getRoute("tick-one");
        twoBefore = camel.getRoute("tick-two");
        heartbeatBefore = camel.getRoute("instance-heartbeat");
    }

    @AfterEach
    void removeThem() throws Exception {
        Files.deleteIfExists(ticks);
        awaitState("ticks.camel.yaml", "REMOVED", null);
        Files.deleteIfExists(templates);
        awaitState("tick-templates.camel.yaml", "REMOVED", null);
    }

    @Test
    void routesMadeFromATemplateRunWithTheirParametersAndTheSharedErrorHandling() {
        assertThat(routeFiles.status("tick-templates.camel.yaml").orElseThrow().templateIds()).containsExactly("tick");
        assertThat(routeFiles.status("ticks.camel.yaml").orElseThrow().routeIds()).containsExactly("tick-one", "tick-two");
        assertThat(oneBefore.getDescription()).isEqualTo("ticks tick, version one");
        assertThat(twoBefore.getDescription()).isEqualTo("ticks tock, version one");
        assertThat(oneBefore.getEndpoint().getEndpointUri()).startsWith("timer://one");
        assertThat(oneBefore.getConfigurationId()).isEqualTo("brigade-error-handling");
        // node ids carry the route's prefix, so that the routes made from one template have ids of their own
        assertThat(camel.getProcessor("tick-one-say")).isNotNull();
        assertThat(camel.getProcessor("tick-two-say")).isNotNull();
        await().atMost(Duration.ofSeconds(10)).until(() -> completed("tick-one") > 3 && completed("tick-two") > 3);
    }

    @Test
    void aBrokenTemplateEditKeepsTheRoutesMadeFromItRunningAndIsReported() throws Exception {
        long completedBefore = completed("tick-one");

        Files.writeString(templates, "    - this: [is: not yaml\n", StandardOpenOption.APPEND);

        RouteFileStatus status = awaitState("tick-templates.camel.yaml", "FAILED", null);
        assertThat(status.error()).startsWith("does not parse");
        assertThat(status.version()).isEqualTo(RouteFiles.sha256(TEMPLATES_V1));
        assertUntouched();
        await().atMost(Duration.ofSeconds(10)).until(() -> completed("tick-one") > completedBefore + 5);
        // reported in the health details and over JMX
        assertThat((List<?>) health.health().getDetails().get("failed")).singleElement().asString()
                .startsWith("tick-templates.camel.yaml: does not parse");
        String[] failed = (String[]) ManagementFactory.getPlatformMBeanServer()
                .getAttribute(new ObjectName("io.bucketbrigade:type=RouteFiles"), "FailedFiles");
        assertThat(failed).singleElement().asString().startsWith("tick-templates.camel.yaml: does not parse");
    }

    @Test
    void aTemplateEditThatItsRoutesDoNotFitIsRejected() throws Exception {
        Files.writeString(templates, TEMPLATES_V1.replace("  - name: word\n", "  - name: word\n      - name: colour\n"));

        RouteFileStatus status = awaitState("tick-templates.camel.yaml", "FAILED", null);

        assertThat(status.error()).isEqualTo("would break ticks.camel.yaml, which has templatedRoute 'tick-one'"
                + " (line 3) without the required parameter colour of route template 'tick'");
        assertUntouched();
    }

    @Test
    void aTemplateEditWhoseRoutesFailToBuildIsRolledBack() throws Exception {
        Files.writeString(templates, TEMPLATES_V1 + """
                          - to:
                              uri: no-such-component:anywhere
                """);

        RouteFileStatus status = awaitState("tick-templates.camel.yaml", "FAILED", null);

        assertThat(status.error()).startsWith("would break ticks.camel.yaml, whose routes then fails to build")
                .contains("no-such-component");
        await().atMost(Duration.ofSeconds(20)).until(() -> routeFiles.status("ticks.camel.yaml").orElseThrow().error()
                == null);
        assertThat(camel.getRouteController().getRouteStatus("tick-one")).isEqualTo(ServiceStatus.Started);
        assertThat(camel.getRoute("tick-one").getDescription()).isEqualTo("ticks tick, version one");
        assertThat(camel.getRoute("instance-heartbeat")).isSameAs(heartbeatBefore);
    }

    @Test
    void aGoodTemplateEditRebuildsTheRoutesMadeFromItAndNoOther() throws Exception {
        String v2 = TEMPLATES_V1.replace("version one", "version two");

        Files.writeString(templates, v2);

        awaitState("tick-templates.camel.yaml", "LOADED", RouteFiles.sha256(v2));
        await().atMost(Duration.ofSeconds(20)).until(() -> camel.getRoute("tick-two") != null
                && "ticks tock, version two".equals(camel.getRoute("tick-two").getDescription()));
        assertThat(camel.getRoute("tick-one").getDescription()).isEqualTo("ticks tick, version two");
        assertThat(camel.getRoute("tick-one")).isNotSameAs(oneBefore);
        assertThat(camel.getRouteController().getRouteStatus("tick-one")).isEqualTo(ServiceStatus.Started);
        assertThat(routeFiles.status("ticks.camel.yaml").orElseThrow().state()).isEqualTo("LOADED");
        assertThat(camel.getRoute("instance-heartbeat")).isSameAs(heartbeatBefore);
    }

    @Test
    void aRouteNamingATemplateNoFileDeclaresIsRefusedWithItsLine() throws Exception {
        Files.writeString(ticks, TICKS.replace("routeTemplateRef: tick\n    routeId: tick-two",
                "routeTemplateRef: tack\n    routeId: tick-two"));

        RouteFileStatus status = awaitState("ticks.camel.yaml", "FAILED", null);

        assertThat(status.error()).isEqualTo("has templatedRoute 'tick-two' (line 11) naming route template 'tack',"
                + " which no template file declares");
        assertUntouched();
    }

    @Test
    void deletingATemplateFileThatRoutesStillUseIsRefused() throws Exception {
        Files.delete(templates);

        RouteFileStatus status = awaitState("tick-templates.camel.yaml", "FAILED", null);

        assertThat(status.error()).startsWith("would break ticks.camel.yaml, which has templatedRoute 'tick-one'")
                .endsWith("which no template file declares");
        assertUntouched();

        Files.writeString(templates, TEMPLATES_V1);
        awaitState("tick-templates.camel.yaml", "LOADED", RouteFiles.sha256(TEMPLATES_V1));
    }

    @Test
    void aRouteFileWaitingForItsTemplateLoadsOnceTheTemplateComes() throws Exception {
        Path later = properties.directory().resolve("later-ticks.camel.yaml");
        Path laterTemplates = properties.directory().resolve("later-templates.camel.yaml");
        String uses = TICKS.replace("routeTemplateRef: tick\n", "routeTemplateRef: late-tick\n")
                .replace("routeId: tick-", "routeId: late-").replace("value: one", "value: late-one")
                .replace("value: two", "value: late-two");
        try {
            Files.writeString(later, uses);
            assertThat(awaitState("later-ticks.camel.yaml", "FAILED", null).error())
                    .contains("naming route template 'late-tick', which no template file declares");

            Files.writeString(laterTemplates, TEMPLATES_V1.replace("id: tick\n", "id: late-tick\n"));

            awaitState("later-ticks.camel.yaml", "LOADED", RouteFiles.sha256(uses));
            assertThat(camel.getRouteController().getRouteStatus("late-one")).isEqualTo(ServiceStatus.Started);
        } finally {
            Files.deleteIfExists(later);
            awaitState("later-ticks.camel.yaml", "REMOVED", null);
            Files.deleteIfExists(laterTemplates);
            awaitState("later-templates.camel.yaml", "REMOVED", null);
        }
    }

    private void assertUntouched() {
        assertThat(camel.getRoute("tick-one")).isSameAs(oneBefore);
        assertThat(camel.getRoute("tick-two")).isSameAs(twoBefore);
        assertThat(camel.getRouteController().getRouteStatus("tick-one")).isEqualTo(ServiceStatus.Started);
        assertThat(camel.getRoute("instance-heartbeat")).isSameAs(heartbeatBefore);
    }

    private long completed(String routeId) throws Exception {
        return RouteFileStates.completed(camel, routeId);
    }

    private RouteFileStatus awaitState(String file, String state, String version) {
        return RouteFileStates.awaitState(routeFiles, file, state, version);
    }
}
