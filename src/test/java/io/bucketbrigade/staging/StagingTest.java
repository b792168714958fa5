package io.bucketbrigade.staging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.provision.Provisioner;
import io.bucketbrigade.support.BrigadeServerTest;
import io.bucketbrigade.support.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Stage and unstage with the Cellenics stage tool's semantics, between the production and staging environments
 * of the local stack: keys and ids prefixed (the original bucket included), same-ETag objects skipped, pipeline
 * handles blanked, dry runs that write nothing, a production target refused, and only what the stager wrote (its
 * sandbox marker) ever deleted or overwritten.
 */
@BrigadeServerTest
class StagingTest {

    @Autowired
    TestRestTemplate http;
    @Autowired
    Environments environments;
    @Autowired
    S3Client s3;
    @Autowired
    DynamoDbClient dynamoDb;
    @Autowired
    SqsClient sqs;
    @Autowired
    MongoClient mongo;

    BrigadeProperties production;
    BrigadeProperties staging;
    final String experiment = Fixtures.experimentId();
    final String sandbox = "sb" + System.nanoTime() % 100000;

    @BeforeEach
    void productionHasAnExperiment() {
        production = environments.of("production");
        staging = environments.of("staging");
        new Provisioner(production, s3, dynamoDb, sqs, mongo).provision();
        for (String tier : List.of("source", "processed")) {
            s3.putObject(p -> p.bucket(production.buckets().get(tier)).key(experiment + "/r.rds"),
                    RequestBody.fromString("rds of " + tier));
        }
        s3.putObject(p -> p.bucket(production.buckets().get("source")).key(experiment + "/s1/matrix.mtx.gz"),
                RequestBody.fromBytes(Fixtures.gzip("matrix")));
        s3.putObject(p -> p.bucket(production.buckets().get("original")).key(experiment + "/s1/matrix.mtx"),
                RequestBody.fromString("matrix"));
        dynamoDb.putItem(p -> p.tableName(production.tables().get("experiments").name()).item(Map.of(
                "experimentId", AttributeValue.fromS(experiment),
                "experimentName", AttributeValue.fromS("My experiment"),
                "meta", AttributeValue.fromM(Map.of("organism", AttributeValue.fromS("hsapiens"),
                        "pipeline", AttributeValue.fromM(Map.of(
                                "stateMachineArn", AttributeValue.fromS("arn:aws:states:sm"),
                                "executionArn", AttributeValue.fromS("arn:aws:states:ex"))))))));
        dynamoDb.putItem(p -> p.tableName(production.tables().get("samples").name()).item(Map.of(
                "experimentId", AttributeValue.fromS(experiment),
                "samples", AttributeValue.fromM(Map.of("s1", AttributeValue.fromM(Map.of(
                        "name", AttributeValue.fromS("s1"))))))));
    }

    @Test
    void aDryRunPlansEveryOperationAndWritesNothing() {
        JsonNode report = stage(true).getBody();

        assertThat(report.get("dryRun").asBoolean()).isTrue();
        assertThat(report.get("operations")).extracting(JsonNode::asText).contains(
                "COPY s3://" + production.buckets().get("source") + "/" + experiment + "/r.rds -> s3://"
                        + staging.buckets().get("source") + "/" + sandbox + "-" + experiment + "/r.rds",
                "COPY s3://" + production.buckets().get("original") + "/" + experiment + "/s1/matrix.mtx -> s3://"
                        + staging.buckets().get("original") + "/" + sandbox + "-" + experiment + "/s1/matrix.mtx",
                "PUT dynamodb://" + staging.tables().get("experiments").name() + "/experimentId=" + sandbox + "-"
                        + experiment);
        assertThat(report.get("copied").asInt()).isEqualTo(4);
        assertThat(report.get("items").asInt()).isEqualTo(2);
        assertThat(stagedObjects()).isEmpty();
        assertThat(stagedExperiment()).isNull();
    }

    @Test
    void stagingCopiesWithPrefixesSkipsSameETagsAndBlanksPipelineHandlesThenUnstagingRemovesAll() {
        JsonNode report = stage(false).getBody();

        assertThat(report.get("copied").asInt()).isEqualTo(4);
        assertThat(report.get("tagged").asBoolean()).as("S3Proxy has no object tagging").isFalse();
        assertThat(stagedObjects()).containsExactlyInAnyOrder(
                staging.buckets().get("original") + "/" + sandbox + "-" + experiment + "/s1/matrix.mtx",
                staging.buckets().get("source") + "/" + sandbox + "-" + experiment + "/r.rds",
                staging.buckets().get("source") + "/" + sandbox + "-" + experiment + "/s1/matrix.mtx.gz",
                staging.buckets().get("processed") + "/" + sandbox + "-" + experiment + "/r.rds");
        Map<String, AttributeValue> item = stagedExperiment();
        assertThat(item.get("experimentName").s()).isEqualTo("My experiment");
        assertThat(item.get("meta").m().get("organism").s()).isEqualTo("hsapiens");
        assertThat(item.get("meta").m().get("pipeline").m()).containsEntry("stateMachineArn", AttributeValue.fromS(""))
                .containsEntry("executionArn", AttributeValue.fromS(""));

        JsonNode again = stage(false).getBody();
        assertThat(again.get("copied").asInt()).isZero();
        assertThat(again.get("skipped").asInt()).isEqualTo(4);

        JsonNode plannedUnstage = http.postForObject("/api/unstage", Map.of("sandboxId", sandbox, "dryRun", true),
                JsonNode.class);
        assertThat(plannedUnstage.get("deleted").asInt()).isEqualTo(6);
        assertThat(stagedObjects()).hasSize(4);

        JsonNode unstaged = http.postForObject("/api/unstage", Map.of("sandboxId", sandbox), JsonNode.class);
        assertThat(unstaged.get("deleted").asInt()).isEqualTo(6);
        assertThat(stagedObjects()).isEmpty();
        assertThat(stagedExperiment()).isNull();
        assertThat(s3.listObjectsV2(l -> l.bucket(production.buckets().get("source")).prefix(experiment)).contents())
                .as("production untouched").hasSize(2);
    }

    @Test
    void everyObjectAndItemTheStagerWritesCarriesItsSandboxId() {
        stage(false);

        for (String object : stagedObjects()) {
            String bucket = object.substring(0, object.indexOf('/'));
            String key = object.substring(object.indexOf('/') + 1);
            assertThat(s3.headObject(h -> h.bucket(bucket).key(key)).metadata())
                    .as(object).containsEntry(Stager.MARKER, sandbox);
        }
        assertThat(stagedExperiment()).containsEntry(Stager.ITEM_MARKER, AttributeValue.fromS(sandbox));
    }

    /** A depositor's dataset named like the sandbox's objects is not the sandbox's: never overwritten or deleted. */
    @Test
    void whatOnlyMatchesTheSandboxPrefixSurvivesStageAndUnstage() {
        String originals = staging.buckets().get("original");
        new Provisioner(staging, s3, dynamoDb, sqs, mongo).provision();
        String depositorsDataset = sandbox + "-" + Fixtures.experimentId();
        s3.putObject(p -> p.bucket(originals).key(depositorsDataset + "/s1/genes.tsv"),
                RequestBody.fromString("a depositor's genes"));
        String clash = sandbox + "-" + experiment + "/s1/matrix.mtx";
        s3.putObject(p -> p.bucket(originals).key(clash), RequestBody.fromString("a depositor's matrix"));
        String otherSandbox = sandbox + "-x-" + experiment + "/r.rds";
        s3.putObject(p -> p.bucket(staging.buckets().get("source")).key(otherSandbox),
                RequestBody.fromString("another sandbox's rds"));
        String experiments = staging.tables().get("experiments").name();
        dynamoDb.putItem(p -> p.tableName(experiments).item(Map.of(
                "experimentId", AttributeValue.fromS(depositorsDataset),
                "experimentName", AttributeValue.fromS("A depositor's experiment"))));
        String samples = staging.tables().get("samples").name();
        Map<String, AttributeValue> depositorsSamples = Map.of("experimentId",
                AttributeValue.fromS(sandbox + "-" + experiment), "samples", AttributeValue.fromM(Map.of()));
        dynamoDb.putItem(p -> p.tableName(samples).item(depositorsSamples));

        JsonNode planned = stage(true).getBody();
        JsonNode staged = stage(false).getBody();
        assertThat(planned.get("kept").asInt()).isEqualTo(2);
        assertThat(staged.get("kept").asInt()).isEqualTo(2);
        assertThat(staged.get("items").asInt()).isEqualTo(1);
        assertThat(dynamoDb.getItem(g -> g.tableName(samples).key(Map.of("experimentId",
                AttributeValue.fromS(sandbox + "-" + experiment)))).item()).isEqualTo(depositorsSamples);
        assertThat(staged.get("operations")).extracting(JsonNode::asText).contains("SKIP s3://" + originals + "/"
                + clash + " (not written for sandbox " + sandbox + ": kept)");
        JsonNode unstaged = http.postForObject("/api/unstage", Map.of("sandboxId", sandbox), JsonNode.class);

        assertThat(unstaged.get("deleted").asInt()).isEqualTo(4);
        assertThat(unstaged.get("kept").asInt()).isEqualTo(5);
        assertThat(s3.getObjectAsBytes(g -> g.bucket(originals).key(depositorsDataset + "/s1/genes.tsv"))
                .asUtf8String()).isEqualTo("a depositor's genes");
        assertThat(s3.getObjectAsBytes(g -> g.bucket(originals).key(clash)).asUtf8String())
                .isEqualTo("a depositor's matrix");
        assertThat(s3.getObjectAsBytes(g -> g.bucket(staging.buckets().get("source")).key(otherSandbox))
                .asUtf8String()).isEqualTo("another sandbox's rds");
        assertThat(dynamoDb.getItem(g -> g.tableName(experiments).key(Map.of("experimentId",
                AttributeValue.fromS(depositorsDataset)))).item()).containsEntry("experimentName",
                AttributeValue.fromS("A depositor's experiment"));
        assertThat(dynamoDb.getItem(g -> g.tableName(samples).key(Map.of("experimentId",
                AttributeValue.fromS(sandbox + "-" + experiment)))).item()).isEqualTo(depositorsSamples);
        assertThat(stagedObjects()).containsExactlyInAnyOrder(originals + "/" + depositorsDataset + "/s1/genes.tsv",
                originals + "/" + clash, staging.buckets().get("source") + "/" + otherSandbox);
        assertThat(stagedExperiment()).isNull();
    }

    @Test
    void aStageOrUnstageIntoProductionIsRefused() {
        ResponseEntity<String> stage = http.postForEntity("/api/stage", Map.of("sandboxId", sandbox,
                "datasets", List.of(experiment), "from", "staging", "to", "production"), String.class);
        ResponseEntity<String> unstage = http.postForEntity("/api/unstage", Map.of("sandboxId", sandbox,
                "env", "production"), String.class);

        assertThat(stage.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(stage.getBody()).contains("refusing to write to the production environment");
        assertThat(unstage.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(unstage.getBody()).contains("refusing to write to the production environment");
    }

    @Test
    void aBadSandboxIdIsRefused() {
        ResponseEntity<String> response = http.postForEntity("/api/stage", Map.of("sandboxId", "Bad Id!",
                "datasets", List.of(experiment)), String.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getBody()).contains("sandboxId 'Bad Id!' must be 1 to 32 lowercase letters");
    }

    private ResponseEntity<JsonNode> stage(boolean dryRun) {
        ResponseEntity<JsonNode> response = http.postForEntity("/api/stage", Map.of("sandboxId", sandbox,
                "datasets", List.of(experiment), "dryRun", dryRun), JsonNode.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        return response;
    }

    private List<String> stagedObjects() {
        return staging.buckets().values().stream().filter(this::exists).flatMap(bucket -> s3.listObjectsV2Paginator(
                l -> l.bucket(bucket).prefix(sandbox + "-")).contents().stream().map((S3Object o) -> bucket + "/"
                + o.key())).toList();
    }

    private Map<String, AttributeValue> stagedExperiment() {
        try {
            Map<String, AttributeValue> item = dynamoDb.getItem(g -> g.tableName(staging.tables().get("experiments")
                    .name()).key(Map.of("experimentId", AttributeValue.fromS(sandbox + "-" + experiment)))).item();
            return item == null || item.isEmpty() ? null : item;
        } catch (software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException e) {
            return null;
        }
    }

    private boolean exists(String bucket) {
        try {
            s3.headBucket(h -> h.bucket(bucket));
            return true;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            return false;
        }
    }
}
