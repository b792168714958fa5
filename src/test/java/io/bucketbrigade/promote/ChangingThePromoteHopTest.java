package io.bucketbrigade.promote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.config.WatchedFolder;
import io.bucketbrigade.records.DatasetRecords;
import io.bucketbrigade.records.MetadataStatus;
import io.bucketbrigade.records.ProductionStatus;
import io.bucketbrigade.routefiles.RouteFileStatus;
import io.bucketbrigade.routefiles.RouteFiles;
import io.bucketbrigade.routefiles.RouteFilesProperties;
import io.bucketbrigade.support.BrigadeServerTest;
import io.bucketbrigade.support.Fixtures;
import org.apache.camel.CamelContext;
import org.apache.camel.api.management.ManagedCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.TestPropertySource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * The three changes of docs/routes.md ("Changing a hop"), each made in the running server's copy of
 * processed-to-production.camel.yaml, as an operator would: the effect shows on the next dataset, without a restart.
 */
@BrigadeServerTest
@TestPropertySource(properties = {"brigade.env=hop", "brigade.watcher.period=300ms",
        "brigade.routes.poll-interval=200ms", "brigade.promote.auto-approve=false"})
class ChangingThePromoteHopTest {

    static final String FILE = "processed-to-production.camel.yaml";
    static final String BEFORE_GATE_DECISION = "        - choice:\n            id: gate-decision\n";
    static final String AFTER_OLDER_VERSIONS = "                    ref: olderVersions\n                    method: remove\n";

    // the snippets of docs/routes.md
    static final String ANNOUNCE = """
                            - filter:
                                id: when-published-not-dry-run
                                simple: "${body.dryRun} == false"
                                steps:
                                  - setVariable:
                                      name: manifestUrl
                                      simple: "${body.manifestUrl}"
                                  - to:
                                      id: manifest-location-to-queue
                                      uri: "aws2-sqs:dataset-published-{{brigade.env}}"
                                      variableSend: manifestUrl
                                      variableReceive: announced
                                      parameters:
                                        autoCreateQueue: true
            """;
    static final String KEEP_TENX_OUT = """
                    - filter:
                        id: keep-tenx-out-of-production
                        simple: "${body.profile} == 'tenx'"
                        steps:
                          - bean:
                              id: hold-tenx
                              ref: promoteGate
                              method: "hold(${body}, 'tenx datasets stay in processed for now')"
            """;
    static final String APPROVE_LARGE = """
                    - filter:
                        id: approve-large-datasets
                        simple: "${body.processedBytes} > 100"
                        steps:
                          - bean:
                              id: require-approval-when-large
                              ref: promoteGate
                              method: requireApproval
            """;

    @Autowired
    S3Client s3;
    @Autowired
    SqsClient sqs;
    @Autowired
    DatasetRecords datasets;
    @Autowired
    BrigadeProperties names;
    @Autowired
    RouteFiles routeFiles;
    @Autowired
    RouteFilesProperties properties;
    @Autowired
    TestRestTemplate http;
    @Autowired
    CamelContext camel;

    Path route;
    String shipped;

    @BeforeEach
    void readTheShippedRoute() throws Exception {
        route = properties.directory().resolve(FILE);
        shipped = Files.readString(route);
    }

    @AfterEach
    void restoreTheShippedRoute() throws Exception {
        edit(shipped);
    }

    @Test
    void afterPublicationTheManifestsLocationAlsoGoesToAnotherQueue() throws Exception {
        edit(shipped.replace(AFTER_OLDER_VERSIONS, AFTER_OLDER_VERSIONS + ANNOUNCE));
        String experiment = deposit();

        String location = "s3://" + production() + "/" + experiment + "/manifest.json";
        List<String> announced = await().atMost(Duration.ofSeconds(120)).ignoreExceptions()
                .until(() -> receive("dataset-published-" + names.env()), m -> m.contains(location));
        assertThat(announced).containsOnlyOnce(location);
        // the flow went on with its publication in the body: nothing failed, nothing was redelivered
        assertThat(camel.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class)
                .getManagedRoute("promote-dataset").getExchangesFailed()).isZero();
        assertThat(status(experiment)).isEqualTo("PUBLISHED");
        assertThat(s3.headObject(h -> h.bucket(production()).key(experiment + "/manifest.json")).metadata())
                .containsEntry("version", "1");
    }

    @Test
    void theDatasetsOfOneProfileStopAtProcessedRecordedAsHeld() throws Exception {
        edit(shipped.replace(BEFORE_GATE_DECISION, KEEP_TENX_OUT + BEFORE_GATE_DECISION));
        String experiment = deposit();

        await().atMost(Duration.ofSeconds(120)).until(() -> status(experiment),
                "HELD: tenx datasets stay in processed for now"::equals);
        assertThat(datasets.find(experiment).orElseThrow().status().processed()).isEqualTo(MetadataStatus.VALID);
        assertThat(s3.listObjectsV2(l -> l.bucket(production()).prefix(experiment + "/")).contents()).isEmpty();

        edit(shipped);
        http.postForObject("/api/jobs/promote", Map.of("dataset", experiment), Object.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> status(experiment), "PUBLISHED"::equals);
    }

    @Test
    void datasetsOverASizeWaitForAnApprovalThenArePublished() throws Exception {
        edit(shipped.replace(BEFORE_GATE_DECISION, APPROVE_LARGE + BEFORE_GATE_DECISION));
        String experiment = deposit();

        await().atMost(Duration.ofSeconds(120)).until(() -> status(experiment), "AWAITING_APPROVAL"::equals);
        assertThat(s3.listObjectsV2(l -> l.bucket(production()).prefix(experiment + "/")).contents()).isEmpty();

        assertThat(http.postForEntity("/api/datasets/" + experiment + "/approval", Map.of("decision", "approve",
                "reason", "size checked"), Object.class).getStatusCode()).isEqualTo(HttpStatus.OK);

        await().atMost(Duration.ofSeconds(60)).until(() -> status(experiment), "PUBLISHED"::equals);
        assertThat(s3.headObject(h -> h.bucket(production()).key(experiment + "/manifest.json")).metadata())
                .containsEntry("version", "1");
    }

    private void edit(String content) throws Exception {
        Files.writeString(route, content);
        String version = WatchedFolder.version(content);
        RouteFileStatus status = await().atMost(Duration.ofSeconds(90)).until(() -> routeFiles.status(FILE)
                .orElseThrow(), s -> version.equals(s.version()) || version.equals(s.failedVersion()));
        assertThat(status.state()).as(status.toString()).isEqualTo("LOADED");
    }

    private String deposit() {
        String experiment = Fixtures.experimentId();
        Fixtures.tenxSample().forEach((name, bytes) -> s3.putObject(p -> p.bucket(names.buckets().get("original"))
                .key(experiment + "/s1/" + name), RequestBody.fromBytes(bytes)));
        return experiment;
    }

    private String status(String experiment) {
        return datasets.find(experiment).map(e -> e.status().production()).map(ProductionStatus::wire).orElse("");
    }

    private List<String> receive(String queue) throws QueueDoesNotExistException {
        String url = sqs.getQueueUrl(q -> q.queueName(queue)).queueUrl();
        return sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)).messages()
                .stream().map(Message::body).toList();
    }

    private String production() {
        return names.buckets().get("production");
    }
}
