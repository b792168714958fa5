package io.bucketbrigade.runlocal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.bucketbrigade.support.AwsCli;
import io.bucketbrigade.support.LocalStackProcess;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's run command, as a user runs it: ./run-local starts the stack and the server; the AWS CLI sees the
 * buckets, tables and queues; Ctrl-C (SIGINT) leaves no process; the next start finds the data of the first.
 * Runs after `package` (failsafe), on free ports, with its own data folder.
 */
class RunLocalIT {

    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newHttpClient();
    final Map<String, String> env = new HashMap<>();
    int httpPort;
    AwsCli aws;

    @BeforeEach
    void environment() {
        LocalStackProcess.Ports ports = LocalStackProcess.Ports.free();
        env.putAll(ports.asEnvironment());
        httpPort = LocalStackProcess.freePort();
        aws = new AwsCli(ports);
        env.put("BRIGADE_HTTP_PORT", Integer.toString(httpPort));
        env.put("BRIGADE_JMX_PORT", Integer.toString(LocalStackProcess.freePort()));
        env.put("BRIGADE_DATA_DIR", dir.resolve("data").toString());
        env.put("BRIGADE_LOG_DIR", dir.resolve("logs").toString());
        env.put("JAVA_OPTS", "-Xmx512m");
    }

    @Test
    void runsStopsOnCtrlCWithoutLeftoversAndKeepsData() throws Exception {
        Process run = start("first");
        List<ProcessHandle> processes = awaitHealthUp(run);
        assertThat(processes).as("stack and server JVMs").hasSizeGreaterThanOrEqualTo(2);

        assertThat(aws.s3("ls")).contains("brigade-original-local", "brigade-source-local",
                "brigade-processed-local", "brigade-production-local");
        assertThat(aws.dynamodb("list-tables")).contains("experiments-local", "samples-local", "objects-local");
        assertThat(aws.sqs("list-queues")).contains("ingest-local", "ingest-dlq-local");
        stopAndStartARouteWithJmxterm();

        Path upload = Files.writeString(dir.resolve("deposit.txt"), "deposited once");
        aws.s3("cp", upload.toString(), "s3://brigade-original-local/run-local-it/deposit.txt");

        ctrlC(run);
        assertAllGone(processes);
        assertThat(Files.readString(dir.resolve("first.out"))).contains("run-local: stopped");

        Path repo = LocalStackProcess.repoDir();
        assertThat(repo.resolve("localstack/target/brigade-localstack.jsa")).as("the stack's class data archive")
                .isNotEmptyFile();
        assertThat(repo.resolve("target/cds/bucket-brigade.jsa")).as("the server's").isNotEmptyFile();

        Process again = start("second");
        List<ProcessHandle> second = awaitHealthUp(again);
        assertThat(second).as("the next start maps both archives").extracting(RunLocalIT::arguments)
                .anySatisfy(args -> assertThat(args)
                        .contains("-XX:SharedArchiveFile=localstack/target/brigade-localstack.jsa"))
                .anySatisfy(args -> assertThat(args).contains("-XX:SharedArchiveFile=target/cds/bucket-brigade.jsa"));
        assertThat(aws.s3("cp", "s3://brigade-original-local/run-local-it/deposit.txt", "-"))
                .isEqualTo("deposited once");
        ctrlC(again);
        assertAllGone(second);
    }

    @Test
    void killingTheLauncherLeavesNoProcessBehind() throws Exception {
        Process run = start("killed");
        List<ProcessHandle> processes = awaitHealthUp(run);

        new ProcessBuilder("kill", "-KILL", Long.toString(run.pid())).start().waitFor();

        assertAllGone(processes);
    }

    /** The README's JMX steps with jmxterm, a client outside the server's JVM; health stays UP meanwhile. */
    private void stopAndStartARouteWithJmxterm() throws Exception {
        String route = "org.apache.camel:context=brigade,type=routes,name=\"instance-heartbeat\"";

        assertThat(jmxterm("run -b " + route + " stop", "get -s -b " + route + " State")).contains("Stopped");
        assertThat(http("/api/routes/instance-heartbeat")).contains("\"state\":\"Stopped\"");
        assertThat(http("/actuator/health")).startsWith("{\"status\":\"UP\"");

        assertThat(jmxterm("run -b " + route + " start", "get -s -b " + route + " State")).contains("Started");
        assertThat(http("/api/routes/instance-heartbeat")).contains("\"state\":\"Started\"");
    }

    private String jmxterm(String... commands) throws Exception {
        Process jmxterm = new ProcessBuilder("java", "-jar", System.getProperty("brigade.jmxterm.jar"),
                "-l", "127.0.0.1:" + env.get("BRIGADE_JMX_PORT"), "-n")
                .redirectErrorStream(true).start();
        try (var in = jmxterm.getOutputStream()) {
            in.write((String.join("\n", commands) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(jmxterm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(jmxterm.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(jmxterm.exitValue()).as(output).isZero();
        return output;
    }

    private String http(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private Process start(String name) throws IOException {
        // as from a terminal: SIGINT handled by default, even when this build was started in the background (a
        // background job inherits SIGINT ignored, and bash cannot trap a signal ignored on entry)
        ProcessBuilder builder = new ProcessBuilder("env", "--default-signal=INT", "bash", "run-local")
                .directory(LocalStackProcess.repoDir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".out").toFile());
        builder.environment().putAll(env);
        return builder.start();
    }

    private List<ProcessHandle> awaitHealthUp(Process run) throws Exception {
        long started = System.nanoTime();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
            assertThat(run.isAlive()).as("run-local is running; see " + dir).isTrue();
            return healthUp();
        });
        System.out.printf("run-local: health UP after %.1f s%n", (System.nanoTime() - started) / 1e9);
        return run.toHandle().descendants().toList();
    }

    private boolean healthUp() throws Exception {
        try {
            return http("/actuator/health").startsWith("{\"status\":\"UP\"");
        } catch (IOException e) {
            return false;
        }
    }

    private void ctrlC(Process run) throws Exception {
        new ProcessBuilder("kill", "-INT", Long.toString(run.pid())).start().waitFor();
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).as("run-local exits on SIGINT").isTrue();
    }

    private static List<String> arguments(ProcessHandle process) {
        return process.info().arguments().map(List::of).orElse(List.of());
    }

    private static void assertAllGone(List<ProcessHandle> processes) {
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(processes).noneMatch(ProcessHandle::isAlive));
    }
}
