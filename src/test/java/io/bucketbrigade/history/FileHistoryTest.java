package io.bucketbrigade.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.bucketbrigade.config.WatchedFolder;
import io.bucketbrigade.routefiles.RouteFilesProperties;
import io.bucketbrigade.support.BrigadeServerTest;
import io.bucketbrigade.support.TemporaryFolders;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Every version of a route file or profile file the server met is kept, with its outcome and content: an edit, a
 * broken edit and a rollback each show in the history, a diff between two versions is one call, and the rollback
 * is loaded as an edit. Bad requests get a 4xx and change nothing.
 */
@BrigadeServerTest
@TestPropertySource(properties = {"brigade.routes.poll-interval=200ms", "brigade.profiles.poll-interval=200ms"})
class FileHistoryTest {

    static final String V1 = """
            - route:
                id: history-ticker
                description: version one
                from:
                  uri: timer:history-ticker
                  parameters:
                    period: 1000
                  steps:
                    - setBody:
                        constant: tick
            """;
    static final String V2 = V1.replace("version one", "version two").replace("constant: tick", "constant: tock");
    static final String BROKEN = V2 + "    - this: [is: not yaml\n";

    static Path profiles;

    @DynamicPropertySource
    static void ownProfilesFolder(DynamicPropertyRegistry registry) throws IOException {
        profiles = TemporaryFolders.copyOf("profiles");
        registry.add("brigade.profiles.directory", profiles::toString);
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    RouteFilesProperties routes;
    @Autowired
    CamelContext camel;

    @Test
    void anEditABrokenEditAndARollbackOfARouteFileAreEachInItsHistory() throws Exception {
        String file = "history-ticker.camel.yaml";
        Path path = routes.directory().resolve(file);
        Files.writeString(path, V1);
        await().atMost(Duration.ofSeconds(20)).until(() -> description("history-ticker"), "version one"::equals);
        Files.writeString(path, BROKEN);
        awaitHistory("route-files", file, 2);
        Files.writeString(path, V2);
        await().atMost(Duration.ofSeconds(20)).until(() -> description("history-ticker"), "version two"::equals);

        List<JsonNode> history = awaitHistory("route-files", file, 3);
        assertThat(history).extracting(v -> v.get("outcome").asText())
                .containsExactly("LOADED", "REJECTED", "LOADED");
        assertThat(history).extracting(v -> v.get("version").asText()).containsExactly(WatchedFolder.version(V2),
                WatchedFolder.version(BROKEN), WatchedFolder.version(V1));
        assertThat(history.get(1).get("error").asText()).startsWith("does not parse");
        assertThat(history.get(0).get("instances")).hasSize(1);
        assertThat(history.get(2).get("lines").asInt()).isEqualTo(V1.lines().count());
        String v1 = WatchedFolder.version(V1).substring(0, 12);
        String v2 = WatchedFolder.version(V2).substring(0, 12);
        assertThat(http.getForObject("/api/route-files/" + file + "/history/" + v1, String.class)).isEqualTo(V1);

        String diff = http.getForObject("/api/route-files/" + file + "/diff?from=" + v1 + "&to=" + v2,
                String.class);
        assertThat(diff).startsWith("--- " + file + "@" + v1 + "\n+++ " + file + "@" + v2 + "\n")
                .contains("-    description: version one\n", "+    description: version two\n",
                        "-            constant: tick\n", "+            constant: tock\n");

        ResponseEntity<JsonNode> rollback = http.postForEntity("/api/route-files/" + file + "/rollback?version="
                + v1, null, JsonNode.class);

        assertThat(rollback.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(rollback.getBody().get("state").asText()).isEqualTo("LOADED");
        assertThat(rollback.getBody().get("version").asText()).isEqualTo(WatchedFolder.version(V1));
        assertThat(description("history-ticker")).isEqualTo("version one");
        assertThat(Files.readString(path)).isEqualTo(V1);
        assertThat(awaitHistory("route-files", file, 4).get(0).get("version").asText())
                .isEqualTo(WatchedFolder.version(V1));
        assertThat(Files.list(routes.directory())).as("no file left from the write")
                .noneMatch(p -> p.getFileName().toString().startsWith("."));

        Files.delete(path);
        assertThat(awaitHistory("route-files", file, 5).get(0).get("outcome").asText()).isEqualTo("REMOVED");
    }

    @Test
    void aProfileFileHasItsHistoryAndCanBeRolledBack() throws Exception {
        Path generic = profiles.resolve("generic.yaml");
        String shipped = Files.readString(generic);
        String edited = shipped.replace("description: Any file under a dataset folder",
                "description: Any file at all");
        Files.writeString(generic, edited);
        awaitHistory("profile-files", "generic.yaml", 2);
        Files.writeString(generic, edited + "files: [\n");
        List<JsonNode> history = awaitHistory("profile-files", "generic.yaml", 3);
        assertThat(history).extracting(v -> v.get("outcome").asText())
                .containsExactly("REJECTED", "LOADED", "LOADED");

        ResponseEntity<JsonNode> rollback = http.postForEntity("/api/profile-files/generic.yaml/rollback?version="
                + WatchedFolder.version(shipped), null, JsonNode.class);

        assertThat(rollback.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(rollback.getBody().get("version").asText()).isEqualTo(WatchedFolder.version(shipped));
        assertThat(rollback.getBody().get("error").isNull()).isTrue();
        assertThat(Files.readString(generic)).isEqualTo(shipped);
        assertThat(http.getForObject("/api/profiles", JsonNode.class).at("/profiles").findValuesAsText("description"))
                .contains("Any file under a dataset folder, stored as it came");
    }

    @Test
    void badRequestsGetA4xxAndChangeNothing() throws Exception {
        Path heartbeat = routes.directory().resolve("heartbeat.camel.yaml");
        String before = Files.readString(heartbeat);
        awaitHistory("route-files", "heartbeat.camel.yaml", 1);

        assertThat(post("/api/route-files/heartbeat.camel.yaml/rollback?version=abcdef0123").getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(post("/api/route-files/heartbeat.camel.yaml/rollback?version=not-a-version").getBody())
                .contains("is not a version");
        assertThat(post("/api/route-files/heartbeat.camel.yaml/rollback?version=not-a-version").getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(post("/api/route-files/heartbeat.camel.yaml/rollback").getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
        // a version of another file is not one of this file's
        String jobs = WatchedFolder.version(Files.readString(routes.directory().resolve("jobs.camel.yaml")));
        awaitHistory("route-files", "jobs.camel.yaml", 1);
        assertThat(post("/api/route-files/heartbeat.camel.yaml/rollback?version=" + jobs).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(http.getForEntity("/api/route-files/no-such.camel.yaml/history", String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(Files.readString(heartbeat)).isEqualTo(before);
    }

    private ResponseEntity<String> post(String path) {
        return http.postForEntity(path, null, String.class);
    }

    /** The route's description, null while it is not there (a reload removes it, then adds it again). */
    private String description(String routeId) {
        org.apache.camel.Route route = camel.getRoute(routeId);
        return route == null ? null : route.getDescription();
    }

    /** The file's history once it has at least {@code steps} steps (it is written in the background). */
    private List<JsonNode> awaitHistory(String folder, String file, int steps) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> {
            ResponseEntity<JsonNode> answer = http.getForEntity("/api/" + folder + "/" + file + "/history",
                    JsonNode.class);
            List<JsonNode> versions = new ArrayList<>();
            if (answer.getStatusCode().is2xxSuccessful()) {
                answer.getBody().forEach(versions::add);
            }
            return versions;
        }, history -> history.size() >= steps);
    }
}
