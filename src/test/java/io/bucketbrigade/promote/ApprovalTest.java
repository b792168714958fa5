package io.bucketbrigade.promote;

import static io.bucketbrigade.support.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import javax.management.ObjectName;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.records.Approval;
import io.bucketbrigade.records.DatasetRecord;
import io.bucketbrigade.records.DatasetRecords;
import io.bucketbrigade.records.ObjectLedger;
import io.bucketbrigade.records.ProductionStatus;
import io.bucketbrigade.support.BrigadeServerTest;
import io.bucketbrigade.support.Deposits;
import io.bucketbrigade.support.Jmx;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * A profile that needs approval (Cell Painting) waits until an operator approves: once via the API, once via JMX,
 * each recorded with who, when and why. A rejected dataset stays out of production.
 */
@BrigadeServerTest
@TestPropertySource(properties = {"brigade.env=approval", "brigade.watcher.period=300ms",
        "brigade.promote.auto-approve=false"})
class ApprovalTest {

    static final String PROJECT = "cpg0042-approval";

    final ObjectMapper json = new ObjectMapper();

    @Autowired
    S3Client s3;
    @Autowired
    ObjectLedger ledger;
    @Autowired
    DatasetRecords datasets;
    @Autowired
    BrigadeProperties names;
    @Autowired
    TestRestTemplate http;
    @Autowired
    Approvals approvals;
    @Autowired
    CamelContext camel;
    @Autowired
    SqsClient sqs;
    @Value("${brigade.ops.jmx.port}")
    int jmxPort;

    /** A valid Cell Painting contribution: images, illumination, load data and platemaps of one plate. */
    String deposit(String source) {
        String dataset = PROJECT + "/" + source;
        Deposits.cellPaintingPlate(dataset).forEach(this::put);
        // approve what the curator sees whole: all five files processed and checked, not a partial state
        await().atMost(Duration.ofSeconds(90)).until(() -> ledger.dataset(dataset).size() == 5 && checkedWhole(dataset)
                && "AWAITING_APPROVAL".equals(production(dataset)));
        return dataset;
    }

    @Test
    void theConsolePageOfADatasetNotCheckedYetShowsItWithoutAnApprovalForm() throws Exception {
        // no check has run yet: no verdict and no production status (the page once failed on exactly this)
        camel.getRouteController().stopRoute("check-datasets");
        try {
            String dataset = PROJECT + "/source_unchecked";
            Deposits.cellPaintingPlate(dataset).forEach(this::put);
            await().atMost(Duration.ofSeconds(90)).until(() -> datasets.find(dataset)
                    .map(d -> d.counts().processedFiles() == 5).orElse(false));
            assertThat(production(dataset)).isEmpty();

            ResponseEntity<String> page = http.getForEntity("/datasets/" + dataset, String.class);

            assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(page.getBody()).contains("<h1 id=\"dataset-id\">" + dataset + "</h1>")
                    .doesNotContain("id=\"approve\"");
        } finally {
            camel.getRouteController().startRoute("check-datasets");
        }
    }

    @Test
    void approvedOverTheApiItIsPublished() {
        String dataset = deposit("source_api");
        assertThat(manifestExists(dataset)).isFalse();

        ResponseEntity<JsonNode> response = http.postForEntity("/api/datasets/" + dataset + "/approval",
                Map.of("decision", "approve", "reason", "plates look right", "by", "curator-ann"), JsonNode.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getBody().get("decision").asText()).isEqualTo("approved");
        // the manifest is written first, the dataset's status right after it
        await().atMost(Duration.ofSeconds(60)).until(() -> manifestExists(dataset)
                && "PUBLISHED".equals(production(dataset)));
        JsonNode view = http.getForObject("/api/datasets/" + dataset, JsonNode.class);
        assertThat(view.at("/status/production").asText()).isEqualTo("PUBLISHED");
        assertThat(view.at("/approval/by").asText()).isEqualTo("curator-ann");
        assertThat(view.at("/approval/reason").asText()).isEqualTo("plates look right");
        assertThat(view.at("/approval/at").asText()).isNotBlank();
        assertThat(view.get("approvalRequired").asBoolean()).isTrue();

        // subscribers of the events queue heard of the wait, then of the publication
        assertThat(awaitEvents(dataset, 2)).containsExactly("io.bucketbrigade.dataset.awaiting-approval",
                "io.bucketbrigade.dataset.published");
    }

    /** The types of the first {@code count} events about the dataset on the events queue, in the order sent. */
    List<String> awaitEvents(String dataset, int count) {
        String url = sqs.getQueueUrl(q -> q.queueName(names.queues().get("events").name())).queueUrl();
        List<JsonNode> events = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (Message message : sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages()) {
                JsonNode event = json.readTree(message.body());
                if (dataset.equals(event.path("subject").asText())) {
                    events.add(event);
                }
            }
            return events.size() >= count;
        });
        return events.stream().sorted(Comparator.comparing(e -> e.get("time").asText()))
                .map(e -> e.get("type").asText()).toList();
    }

    @Test
    void approvedOverJmxItIsPublished() throws Exception {
        String dataset = deposit("source_jmx");

        try (Jmx jmx = Jmx.connect(jmxPort, null, null)) {
            Object result = jmx.connection().invoke(new ObjectName("io.bucketbrigade:type=Datasets"), "approve",
                    new Object[] {dataset, "checked in jconsole"}, new String[] {"java.lang.String", "java.lang.String"});
            assertThat(result.toString()).startsWith("approved by jmx");
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> manifestExists(dataset));
        Approval approval = datasets.find(dataset).orElseThrow().approval();
        assertThat(approval.approved()).isTrue();
        assertThat(approval.by()).startsWith("jmx");
        assertThat(approval.reason()).isEqualTo("checked in jconsole");
    }

    @Test
    void rejectedItStaysOutOfProduction() {
        String dataset = deposit("source_rejected");

        ResponseEntity<JsonNode> response = http.postForEntity("/api/datasets/" + dataset + "/approval",
                Map.of("decision", "reject", "reason", "wrong plate map"), JsonNode.class);
        approvals.requestPromotion(dataset); // as after any new check

        assertThat(response.getBody().get("decision").asText()).isEqualTo("rejected");
        await().atMost(Duration.ofSeconds(60)).until(() -> production(dataset),
                "HELD: rejected by anonymous (wrong plate map)"::equals);
        assertThat(manifestExists(dataset)).isFalse();
    }

    @Test
    void retractedItIsPublishedAgainOnlyOnceANewDepositIsCheckedAndApproved() {
        String dataset = deposit("source_retracted");
        http.postForEntity("/api/datasets/" + dataset + "/approval", Map.of("decision", "approve"), JsonNode.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> "PUBLISHED".equals(production(dataset)));

        ResponseEntity<JsonNode> retracted = http.postForEntity("/api/datasets/" + dataset + "/retraction",
                Map.of("reason", "plates mislabelled"), JsonNode.class);
        assertThat(retracted.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(production(dataset)).isEqualTo("RETRACTED: plates mislabelled");

        // the approval was for the state retracted: a new deposit is checked, then waits for a new approval
        put(dataset + "/workspace/metadata/platemaps/2024_01_01_b/platemap/map.txt",
                utf8("plate_map_name\twell_position\nmap\tA01\nmap\tA02\n"));
        await().atMost(Duration.ofSeconds(90)).until(() -> "AWAITING_APPROVAL".equals(production(dataset)));
        assertThat(manifestRetracted(dataset)).isTrue();

        http.postForEntity("/api/datasets/" + dataset + "/approval", Map.of("decision", "approve"), JsonNode.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> "PUBLISHED".equals(production(dataset))
                && !manifestRetracted(dataset));
        assertThat(datasets.find(dataset).orElseThrow().publishedVersion()).isEqualTo(2);
    }

    private boolean manifestRetracted(String dataset) {
        return s3.getObjectAsBytes(g -> g.bucket(names.buckets().get("production")).key(dataset + "/manifest.json"))
                .asUtf8String().contains("\"retracted\"");
    }

    @Test
    void aDecisionOnAnUnknownDatasetIsA404() {
        ResponseEntity<String> response = http.postForEntity("/api/datasets/no-such-dataset/approval",
                Map.of("decision", "approve"), String.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(response.getBody()).contains("No dataset 'no-such-dataset'");
    }

    private void put(String key, byte[] content) {
        s3.putObject(p -> p.bucket(names.buckets().get("original")).key(key), RequestBody.fromBytes(content));
    }

    private boolean checkedWhole(String dataset) {
        return datasets.find(dataset).map(DatasetRecord::checkedIsCurrent).orElse(false);
    }

    private String production(String dataset) {
        return datasets.find(dataset).map(e -> e.status().production()).map(ProductionStatus::wire).orElse("");
    }

    private boolean manifestExists(String dataset) {
        return !s3.listObjectsV2(l -> l.bucket(names.buckets().get("production")).prefix(dataset + "/manifest.json"))
                .contents().isEmpty();
    }
}
