package io.bucketbrigade.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The packaged server (target/bucket-brigade.jar, run from its extracted layout as {@code ./run-local} runs it:
 * {@link ServerLayout}) as a child process in the local profile, against a local stack, with the repository's
 * routes and profiles, on free ports. It stops with the test JVM.
 */
public final class ServerProcess implements AutoCloseable {

    /**
     * The JVM option that gives a server the full JIT back. A test's servers run with it stopped at C1, as the test
     * stacks do: in a run of a few minutes the optimizing compiler (C2) takes more CPU than its code saves, and
     * several servers start at once on two cores. Only a test that moves gigabytes through a server (its SHA-256
     * and MD5 are several times faster with C2's intrinsics) asks for it.
     */
    public static final String FULL_JIT = "-XX:TieredStopAtLevel=4";

    private final Process process;
    private final int jmxPort;
    private final int httpPort;
    private final Path log;

    private ServerProcess(Process process, int jmxPort, int httpPort, Path log) {
        this.process = process;
        this.jmxPort = jmxPort;
        this.httpPort = httpPort;
        this.log = log;
    }

    /**
     * @param jvmOptions e.g. -Xmx256m, {@link #FULL_JIT}
     * @param arguments  Spring properties, e.g. --brigade.env=large
     */
    public static ServerProcess start(LocalStackProcess stack, Path log, List<String> jvmOptions,
            String... arguments) {
        return start(stack.ports(), log, jvmOptions, arguments);
    }

    /** A server that reaches the stack on these ports (e.g. through {@link TcpProxy}s). */
    public static ServerProcess start(LocalStackProcess.Ports ports, Path log, List<String> jvmOptions,
            String... arguments) {
        List<String> java = new ArrayList<>(jvmOptions);
        java.addAll(ServerLayout.launch(ports));
        return launch(ports, log, java, arguments);
    }

    /** @param java the JVM options, then {@code -jar} and the server's jar */
    static ServerProcess launch(LocalStackProcess.Ports ports, Path log, List<String> java, String... arguments) {
        Path repo = LocalStackProcess.repoDir();
        int jmxPort = LocalStackProcess.freePort();
        int httpPort = LocalStackProcess.freePort();
        List<String> command = new ArrayList<>(List.of(LocalStackProcess.java()));
        // the server's temporary files (Tomcat's folders) beside its log, in the test's own folder: a server
        // killed by a test cannot leave them behind in the machine's /tmp
        Path tmp = log.resolveSibling(log.getFileName() + ".tmp");
        command.addAll(List.of("-Djava.io.tmpdir=" + tmp, "-XX:+ExitOnOutOfMemoryError", "-XX:TieredStopAtLevel=1"));
        command.addAll(java);
        command.addAll(List.of("--spring.profiles.active=local",
                "--brigade.parent-pid=" + ProcessHandle.current().pid(),
                "--server.port=" + httpPort, "--brigade.ops.jmx.port=" + jmxPort,
                "--brigade.routes.directory=" + repo.resolve("routes"),
                "--brigade.profiles.directory=" + repo.resolve("profiles")));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(ports.asEnvironment());
        try {
            Files.createDirectories(tmp);
            return new ServerProcess(builder.start(), jmxPort, httpPort, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body of a GET on the server's HTTP port (e.g. {@code /api/dead-letters}); fails unless it answers 200. */
    public String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + httpPort + path)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** Whether the server answers UP on its health endpoint. */
    public boolean isUp() {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + httpPort + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"status\":\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Kills the server at once (SIGKILL), as a crashed instance: nothing is released or flushed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public int jmxPort() {
        return jmxPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public Path log() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
