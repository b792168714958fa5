package io.bucketbrigade.events;

import static io.bucketbrigade.support.Fixtures.gzip;
import static io.bucketbrigade.support.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.queues.DeadLetterQueues;
import io.bucketbrigade.records.DatasetRecord;
import io.bucketbrigade.records.DatasetRecords;
import io.bucketbrigade.records.ProductionStatus;
import io.bucketbrigade.support.BrigadeServerTest;
import io.bucketbrigade.support.Deposits;
import io.bucketbrigade.support.Fixtures;
import io.cloudevents.CloudEvent;
import io.cloudevents.jackson.JsonFormat;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Notifications as a subscriber meets them: a deposit published, held or refused is announced as a CloudEvent on
 * the events queue and POSTed, signed as Standard Webhooks signs, to the webhooks that take it, with one id however
 * often it is delivered; a receiver that fails or hangs delays no publication, and its deliveries end on the
 * webhooks dead-letter queue with the reason once their retries are spent.
 */
@BrigadeServerTest
@TestPropertySource(properties = {"brigade.env=events", "brigade.watcher.period=300ms",
        "brigade.events.delivery.retries=2", "brigade.events.delivery.first-delay-ms=100",
        "brigade.events.delivery.response-timeout-ms=1500"})
class EventsTest {

    static final String SECRET = "whsec_"
            + Base64.getEncoder().encodeToString(utf8("a secret of thirty-two bytes!!!!"));
    static final String PUBLISHED = "io.bucketbrigade.dataset.published";

    /** What a receiver got: its path, the headers that matter, the body, when. */
    record Received(String path, String id, String timestamp, String signature, String contentType, String body,
            Instant at) {}

    static final List<Received> RECEIVED = Collections.synchronizedList(new ArrayList<>());
    static final Set<String> FAILED_ONCE = Collections.synchronizedSet(new HashSet<>());
    static final CountDownLatch RELEASE = new CountDownLatch(1);
    static HttpServer receiver;

    @DynamicPropertySource
    static void webhooks(DynamicPropertyRegistry registry) throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newCachedThreadPool());
        receiver.createContext("/", EventsTest::receive);
        receiver.start();
        String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
        hook(registry, "all", base + "/ok", null);
        hook(registry, "flaky", base + "/flaky", PUBLISHED);
        hook(registry, "failing", base + "/fail", PUBLISHED);
        hook(registry, "hanging", base + "/hang", PUBLISHED);
    }

    static void hook(DynamicPropertyRegistry registry, String name, String url, String type) {
        registry.add("brigade.events.webhooks." + name + ".url", () -> url);
        registry.add("brigade.events.webhooks." + name + ".secret", () -> SECRET);
        if (type != null) {
            registry.add("brigade.events.webhooks." + name + ".types[0]", () -> type);
        }
    }

    static void receive(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String path = exchange.getRequestURI().getPath();
        String id = exchange.getRequestHeaders().getFirst("webhook-id");
        RECEIVED.add(new Received(path, id, exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                exchange.getRequestHeaders().getFirst("webhook-signature"),
                exchange.getRequestHeaders().getFirst("Content-Type"), body, Instant.now()));
        int status = switch (path) {
            case "/fail" -> 500;
            case "/flaky" -> FAILED_ONCE.add(id) ? 503 : 204;
            case "/hang" -> {
                try {
                    RELEASE.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                yield 200;
            }
            default -> 204;
        };
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    @AfterAll
    static void stopReceiver() {
        RELEASE.countDown();
        receiver.stop(0);
    }

    @Autowired
    S3Client s3;
    @Autowired
    SqsClient sqs;
    @Autowired
    BrigadeProperties names;
    @Autowired
    DatasetRecords datasets;
    @Autowired
    DeadLetterQueues deadLetters;
    @Autowired
    DynamoDbClient dynamoDb;
    @Autowired
    ProducerTemplate producer;

    @TempDir
    Path folder;

    final ObjectMapper json = new ObjectMapper();

    @Test
    void aPublicationIsAnnouncedSignedOnTheQueueAndToEachWebhookWithOneIdAcrossRedeliveries() throws Exception {
        String experiment = Fixtures.experimentId();

        deposit(experiment, gzip("B1\nB2\n"));
        awaitManifest(experiment);
        Instant manifestSeen = Instant.now();

        Received delivery = await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                .until(() -> first("/ok", experiment, PUBLISHED), r -> r != null);
        assertThat(delivery.at()).isBefore(manifestSeen.plusSeconds(2));
        assertThat(delivery.signature()).as("Standard Webhooks signature")
                .isEqualTo(sign(delivery.id(), delivery.timestamp(), delivery.body()));
        assertThat(Long.parseLong(delivery.timestamp())).isCloseTo(Instant.now().getEpochSecond(),
                org.assertj.core.data.Offset.offset(60L));
        assertThat(delivery.contentType()).startsWith("application/cloudevents+json");

        CloudEvent event = new JsonFormat().deserialize(delivery.body().getBytes(StandardCharsets.UTF_8));
        assertThat(event.getSpecVersion().toString()).isEqualTo("1.0");
        assertThat(event.getId()).isEqualTo(delivery.id());
        assertThat(event.getType()).isEqualTo(PUBLISHED);
        assertThat(event.getSubject()).isEqualTo(experiment);
        assertThat(event.getSource()).isEqualTo(URI.create("/brigade/events"));
        JsonNode data = json.readTree(event.getData().toBytes());
        assertThat(data.get("version").asInt()).isEqualTo(1);
        assertThat(data.get("manifest").asText()).isEqualTo("s3://" + names.buckets().get("production") + "/"
                + experiment + "/manifest.json");
        assertThat(data.get("files").asInt()).isEqualTo(4);
        assertThat(data.get("bytes").asLong()).isPositive();
        assertThat(data.get("profile").asText()).isEqualTo("tenx");

        // a receiver that answered 503 gets the same event again, with the same ids
        List<Received> flaky = await().atMost(Duration.ofSeconds(10)).until(() -> all("/flaky", experiment),
                r -> r.size() == 2);
        assertThat(flaky).extracting(Received::id).containsOnly(event.getId());
        assertThat(flaky).extracting(r -> id(r.body())).containsOnly(event.getId());

        // the events queue holds the same event for subscribers
        assertThat(awaitOnEventsQueue(event.getId())).isEqualTo(delivery.body());
    }

    @Test
    void aStopBetweenTheManifestAndItsRecordsAnnouncesTheSameIdAndAHoldEndedANewOne() {
        String experiment = Fixtures.experimentId();
        deposit(experiment, gzip("B1\nB2\n"));
        awaitManifest(experiment);
        String first = await().atMost(Duration.ofSeconds(10)).until(() -> first("/ok", experiment, PUBLISHED),
                r -> r != null).id();

        // what a server stopped after the manifest and before its records leaves: the record not published
        setRecord(experiment, "REMOVE publishedVersion SET #status.production = :s", "WAITING: not checked yet");
        producer.requestBody("direct:promote-dataset", experiment);

        assertThat(datasets.find(experiment).orElseThrow().publishedVersion()).isEqualTo(1);
        assertThat(datasets.find(experiment).orElseThrow().status().production())
                .isEqualTo(ProductionStatus.PUBLISHED);
        List<String> ids = await().atMost(Duration.ofSeconds(10)).until(() -> published(experiment),
                l -> l.size() == 2);
        assertThat(ids).containsOnly(first);

        // held, then published again as it is: news, with an id of its own
        setRecord(experiment, "SET #status.production = :s", "HELD: tampered-output: s1/matrix.mtx.gz");
        producer.requestBody("direct:promote-dataset", experiment);

        ids = await().atMost(Duration.ofSeconds(10)).until(() -> published(experiment), l -> l.size() == 3);
        assertThat(ids.get(2)).isNotEqualTo(first);
        assertThat(datasets.find(experiment).orElseThrow().status().production())
                .isEqualTo(ProductionStatus.PUBLISHED);
    }

    List<String> published(String experiment) {
        return all("/ok", experiment).stream().filter(r -> PUBLISHED.equals(field(r.body(), "type")))
                .map(Received::id).toList();
    }

    void setRecord(String experiment, String update, String status) {
        dynamoDb.updateItem(u -> u.tableName(names.tables().get("experiments").name())
                .key(Map.of("experimentId", AttributeValue.fromS(experiment))).updateExpression(update)
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(status))));
    }

    @Test
    void aReceiverThatFailsOrHangsDelaysNoPublicationAndItsDeliveryEndsDeadLetteredWithTheReason() throws Exception {
        String experiment = Fixtures.experimentId();

        deposit(experiment, gzip("B1\nB2\n"));

        DatasetRecord published = await().atMost(Duration.ofSeconds(90)).until(() -> datasets.find(experiment)
                .orElse(null), r -> r != null && r.publishedVersion() == 1);
        List<DeadLetterQueues.DeadLetter> letters = await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500)).until(() -> deadLetters.list("webhooks", 100).stream()
                        .filter(l -> l.body().contains(experiment)).toList(), l -> l.size() == 2);
        assertThat(letters).extracting(l -> field(l.body(), "webhook")).containsExactlyInAnyOrder("failing", "hanging");
        assertThat(letters).filteredOn(l -> field(l.body(), "webhook").equals("failing")).singleElement()
                .satisfies(l -> assertThat(l.attributes().get("brigadeReason")).contains("statusCode: 500"));
        assertThat(letters).filteredOn(l -> field(l.body(), "webhook").equals("hanging")).singleElement()
                .satisfies(l -> assertThat(l.attributes().get("brigadeReason")).containsIgnoringCase("timed out"));
        // each failing receiver was tried three times (the first and two retries); publication waited for none
        assertThat(all("/fail", experiment)).hasSize(3);
        for (DeadLetterQueues.DeadLetter letter : letters) {
            assertThat(Instant.parse(published.publishedAt()))
                    .isBefore(Instant.parse(letter.attributes().get("brigadeFailedAt")));
        }
        assertThat(first("/ok", experiment, PUBLISHED)).isNotNull();
    }

    @Test
    void aRefusedFileIsAnnouncedWithItsRuleAndAnInvalidDatasetAsHeldWithWhy() throws Exception {
        String refused = Fixtures.experimentId();
        String invalid = Fixtures.experimentId();

        Files.createDirectories(folder.resolve(refused).resolve("s1"));
        Files.write(folder.resolve(refused).resolve("s1").resolve("notes.txt"), utf8("no rule of tenx takes it"));
        deposit(refused, gzip("B1\nB2\n"));
        deposit(invalid, gzip("B1\nB2\nB3\n")); // three barcodes, two matrix columns

        Received rejected = await().atMost(Duration.ofSeconds(60))
                .until(() -> first("/ok", refused, "io.bucketbrigade.object.rejected"), r -> r != null);
        JsonNode data = json.readTree(rejected.body()).get("data");
        assertThat(data.get("key").asText()).isEqualTo(refused + "/s1/notes.txt");
        assertThat(data.get("rule").asText()).isEqualTo("unknown-file");
        assertThat(data.get("message").asText()).contains("10x experiment");
        assertThat(data.get("profile").asText()).isEqualTo("tenx");

        Received held = await().atMost(Duration.ofSeconds(90))
                .until(() -> first("/ok", invalid, "io.bucketbrigade.dataset.held"), r -> r != null);
        assertThat(json.readTree(held.body()).at("/data/status").asText()).isEqualTo("HELD");
        assertThat(json.readTree(held.body()).at("/data/reason").asText()).isEqualTo("the dataset is Invalid");
        // the event goes out before the status is recorded (a stop in between announces it again)
        await().atMost(Duration.ofSeconds(10)).until(() -> datasets.find(invalid).orElseThrow().status()
                .production(), ProductionStatus.held("the dataset is Invalid")::equals);
        assertThat(all("/flaky", invalid)).as("that webhook takes published events only").isEmpty();
    }

    @Test
    void aDeliveryToAWebhookNoLongerConfiguredIsDeadLetteredAtOnceWithTheReason() {
        String event = "{\"specversion\":\"1.0\",\"id\":\"" + Fixtures.experimentId() + "\",\"type\":\"t\"}";
        String delivery = "{\"webhook\":\"gone\",\"event\":" + json.valueToTree(event) + "}";
        String url = sqs.getQueueUrl(q -> q.queueName(names.queues().get("webhooks").name())).queueUrl();

        sqs.sendMessage(m -> m.queueUrl(url).messageBody(delivery));

        DeadLetterQueues.DeadLetter letter = await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters
                .list("webhooks", 100).stream().filter(l -> l.body().equals(delivery)).findFirst().orElse(null),
                l -> l != null);
        assertThat(letter.attributes().get("brigadeReason")).startsWith("No webhook 'gone' is configured");
    }

    void deposit(String experiment, byte[] barcodes) {
        Deposits.syncTenx(folder, names.buckets().get("original"), experiment, barcodes);
    }

    void awaitManifest(String experiment) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50)).until(() -> s3.listObjectsV2(l -> l
                .bucket(names.buckets().get("production")).prefix(experiment + "/manifest.json")).keyCount() > 0);
    }

    String awaitOnEventsQueue(String id) {
        String url = sqs.getQueueUrl(q -> q.queueName(names.queues().get("events").name())).queueUrl();
        return await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (Message message : sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages()) {
                sqs.deleteMessage(d -> d.queueUrl(url).receiptHandle(message.receiptHandle()));
                if (id.equals(id(message.body()))) {
                    return message.body();
                }
            }
            return null;
        }, body -> body != null);
    }

    static List<Received> all(String path, String subject) {
        synchronized (RECEIVED) {
            return RECEIVED.stream().filter(r -> r.path().equals(path) && r.body().contains("\"" + subject + "\""))
                    .toList();
        }
    }

    Received first(String path, String subject, String type) {
        return all(path, subject).stream().filter(r -> type.equals(field(r.body(), "type"))).findFirst().orElse(null);
    }

    String id(String body) {
        return field(body, "id");
    }

    String field(String body, String name) {
        try {
            return json.readTree(body).path(name).asText(null);
        } catch (IOException e) {
            return null;
        }
    }

    static String sign(String id, String timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.substring(6)), "HmacSHA256"));
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(
                (id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    }
}
