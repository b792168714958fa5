package io.bucketbrigade.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The local stack (localstack/target/brigade-localstack.jar) as a child process of the test JVM, on free ports.
 * It is told the test JVM's pid, so it exits by itself even when the test JVM is killed.
 */
public final class LocalStackProcess implements AutoCloseable {

    private static final String READY = "brigade-localstack ready";

    private final Ports ports;
    private final Path dataDir;
    private Process process;

    /** The four ports of one stack. */
    public record Ports(int s3, int dynamodb, int sqs, int mongodb) {
        public static Ports free() {
            return new Ports(freePort(), freePort(), freePort(), freePort());
        }

        /** Environment variables understood by the stack, ./run-local and the local profile. */
        public Map<String, String> asEnvironment() {
            return Map.of("BRIGADE_S3_PORT", Integer.toString(s3),
                    "BRIGADE_DYNAMODB_PORT", Integer.toString(dynamodb),
                    "BRIGADE_SQS_PORT", Integer.toString(sqs),
                    "BRIGADE_MONGODB_PORT", Integer.toString(mongodb));
        }
    }

    public LocalStackProcess(Ports ports, Path dataDir) {
        this.ports = ports;
        this.dataDir = dataDir;
    }

    public static Path jar() {
        Path jar = Path.of(System.getProperty("brigade.localstack.jar", "localstack/target/brigade-localstack.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No local stack at " + jar.toAbsolutePath()
                    + ": build it with `mvn -f localstack/pom.xml package` (mvn verify does it)");
        }
        return jar;
    }

    public static Path repoDir() {
        return Path.of(System.getProperty("brigade.repo.dir", ".")).toAbsolutePath().normalize();
    }

    public LocalStackProcess start(String... extraArgs) {
        List<String> command = new ArrayList<>(List.of(java(),
                // its JIT stops at C1, as ./run-local's: C2 would take about half its CPU compiling, from the tests
                "-Xmx512m", "-XX:TieredStopAtLevel=1", "-Djava.io.tmpdir=" + tmpDir().toAbsolutePath(),
                "-jar", jar().toAbsolutePath().toString(),
                "--host", "127.0.0.1",
                "--s3-port", Integer.toString(ports.s3()),
                "--dynamodb-port", Integer.toString(ports.dynamodb()),
                "--sqs-port", Integer.toString(ports.sqs()),
                "--mongodb-port", Integer.toString(ports.mongodb()),
                "--data-dir", dataDir.toAbsolutePath().toString(),
                "--parent-pid", Long.toString(ProcessHandle.current().pid())));
        command.addAll(List.of(extraArgs));
        try {
            Files.createDirectories(dataDir);
            Files.createDirectories(tmpDir());
            Path log = dataDir.resolveSibling(dataDir.getFileName() + "-localstack.log");
            process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            awaitReady(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /**
     * Waits for the ready line on the stack's stdout, read by a thread of its own that keeps draining it (the
     * common fork-join pool may have a single thread on a small machine, and other tasks may hold it).
     */
    private void awaitReady(Path log) {
        CompletableFuture<Boolean> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith(READY)) {
                        ready.complete(true);
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            ready.complete(false);
        }, "local-stack-stdout");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!ready.get(90, TimeUnit.SECONDS)) {
                throw new IllegalStateException("The local stack exited before it was ready; see " + log);
            }
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("The local stack was not ready within 90 s; see " + log, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while the local stack started", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("The local stack did not start; see " + log, e);
        }
    }

    /** The stack's temporary files, beside its data, so that they go with them. */
    private Path tmpDir() {
        return dataDir.resolveSibling(dataDir.getFileName() + "-tmp");
    }

    /** Ends the stack at once (SIGKILL), for a stack whose data are thrown away. */
    public void kill() {
        if (process != null && process.isAlive()) {
            try {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops the stack as Ctrl-C would (SIGTERM), waiting until it has flushed its data. */
    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public Ports ports() {
        return ports;
    }

    public URI s3() {
        return URI.create("http://127.0.0.1:" + ports.s3());
    }

    public URI dynamodb() {
        return URI.create("http://127.0.0.1:" + ports.dynamodb());
    }

    public URI sqs() {
        return URI.create("http://127.0.0.1:" + ports.sqs());
    }

    public String mongodb() {
        return "mongodb://127.0.0.1:" + ports.mongodb() + "/?serverSelectionTimeoutMS=3000";
    }

    /** The java launcher of the JVM that runs the tests, for the processes they start. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
