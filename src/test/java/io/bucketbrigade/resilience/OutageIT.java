package io.bucketbrigade.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.bucketbrigade.support.BulkDeposit;
import io.bucketbrigade.support.LocalStackProcess;
import io.bucketbrigade.support.ServerProcess;
import io.bucketbrigade.support.SharedLocalStack;
import io.bucketbrigade.support.StackClients;
import io.bucketbrigade.support.TcpProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes each service away from a running packaged server in turn (S3, DynamoDB, SQS, MongoDB: connections cut and
 * refused, as from a stopped service) while a deposit is in flight: health reports DOWN, naming the service, for
 * as long as it is away; the routes back off and recover without a restart; nothing is lost. Each outage lasts 10 s;
 * {@code -Dbrigade.resilience.long=true} makes it 30 s. Runs after `package` (failsafe).
 */
class OutageIT {

    static final Logger log = LoggerFactory.getLogger(OutageIT.class);
    static final String ENV = "outage";
    static final Duration OUTAGE = Duration.ofSeconds(Boolean.getBoolean("brigade.resilience.long") ? 30 : 10);

    @TempDir
    Path dir;

    ServerProcess server;
    final ObjectMapper json = new ObjectMapper();
    final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void eachServiceAwayMidRunIsReportedAndRecoveredFromWithoutARestartAndNothingIsLost() throws Exception {
        LocalStackProcess stack = SharedLocalStack.get();
        LocalStackProcess.Ports direct = stack.ports();
        try (TcpProxy s3 = new TcpProxy("s3", direct.s3()); TcpProxy dynamodb = new TcpProxy("dynamodb", direct.dynamodb());
                TcpProxy sqs = new TcpProxy("sqs", direct.sqs()); TcpProxy mongodb = new TcpProxy("mongodb", direct.mongodb());
                StackClients clients = new StackClients(stack); MongoClient mongo = MongoClients.create(stack.mongodb())) {
            server = ServerProcess.start(new LocalStackProcess.Ports(s3.port(), dynamodb.port(), sqs.port(),
                    mongodb.port()), dir.resolve("server.log"), List.of("-Xmx384m"),
                    "--brigade.env=" + ENV, "--brigade.jobs.scheduling=false", "--brigade.watcher.period=500ms",
                    "--brigade.ingest.lease=15s", "--brigade.queues.ingest.visibility-timeout=15s",
                    "--brigade.queues.enrich.visibility-timeout=15s",
                    "--brigade.queues.dataset-checks.visibility-timeout=15s",
                    "--brigade.queues.promote.visibility-timeout=15s",
                    "--brigade.queues.processed-events.visibility-timeout=15s");
            await().atMost(Duration.ofMinutes(3)).until(server::isUp);
            MongoDatabase database = mongo.getDatabase("brigade-" + ENV);

            List<TcpProxy> services = List.of(s3, dynamodb, sqs, mongodb);
            for (int i = 0; i < services.size(); i++) {
                TcpProxy service = services.get(i);
                BulkDeposit wave = new BulkDeposit(ENV, ENV + "-" + service.name(), 40, 2, i);
                wave.upload(clients.s3());
                long before = BulkDeposit.progress(database);
                await().atMost(Duration.ofMinutes(2)).until(() -> BulkDeposit.progress(database) > before);

                service.cut();
                log.info("{} away for {}", service.name(), OUTAGE);
                await().atMost(Duration.ofSeconds(30)).until(() -> down(service.name()));
                await().during(OUTAGE).atMost(OUTAGE.plusSeconds(20)).until(() -> down(service.name()));
                service.restore();
                log.info("{} back", service.name());
                await().atMost(Duration.ofMinutes(2)).until(server::isUp);

                await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2))
                        .untilAsserted(() -> {
                            wave.assertPublished(clients.s3());
                            wave.assertSettled(clients.sqs());
                        });
                wave.assertOutcome(clients.s3(), database);
            }
            assertThat(server.isAlive()).as("the same server process throughout").isTrue();
            assertThat(Files.readString(server.log())).doesNotContain("APPLICATION FAILED TO START");
        }
    }

    /** Whether health says DOWN, with this service's component DOWN. */
    private boolean down(String service) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + server.httpPort() + "/actuator/health")).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode health = json.readTree(response.body());
            return response.statusCode() == 503 && "DOWN".equals(health.path("status").asText())
                    && "DOWN".equals(health.path("components").path(service).path("status").asText());
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
