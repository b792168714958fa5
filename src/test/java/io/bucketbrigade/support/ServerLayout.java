package io.bucketbrigade.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How the tests launch the packaged server: as {@code ./run-local} does, from Spring Boot's extracted layout of
 * target/bucket-brigade.jar with a class data archive, so that a server starts on about half the CPU (the
 * resilience tests start some twenty, several at once, on two cores). The layout and its archive are made once per
 * build, in target/it-server/, by the first test JVM that needs them; the other test JVM waits for them on a file
 * lock. The archive is recorded by a training server that starts on the caller's stack and stops (the JVM writes
 * the classes it loaded when it exits), as {@code ./run-local}'s first run records its own.
 */
final class ServerLayout {

    private static final Duration TRAINING_AT_MOST = Duration.ofMinutes(3);

    private static List<String> launch;

    private ServerLayout() {
    }

    /** The JVM options and {@code -jar …} that run the packaged server, the layout made first if need be. */
    static synchronized List<String> launch(LocalStackProcess.Ports ports) {
        if (launch == null) {
            launch = prepare(ports);
        }
        return launch;
    }

    private static List<String> prepare(LocalStackProcess.Ports ports) {
        Path repo = LocalStackProcess.repoDir();
        Path packaged = repo.resolve("target/bucket-brigade.jar");
        Path dir = repo.resolve("target/it-server");
        Path jar = dir.resolve("bucket-brigade.jar");
        Path archive = dir.resolve("bucket-brigade.jsa");
        try (FileChannel channel = FileChannel.open(repo.resolve("target/it-server.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock ignored = channel.lock()) {
            if (!Files.isRegularFile(jar) || Files.getLastModifiedTime(jar).compareTo(
                    Files.getLastModifiedTime(packaged)) < 0) {
                TemporaryFolders.delete(dir);
                extract(packaged, dir);
                record(ports, jar, archive);
            }
            List<String> options = new ArrayList<>();
            if (Files.isRegularFile(archive)) {
                options.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off"));
            } else {
                System.err.println("no class data archive in " + dir + " (see training.log there): servers start"
                        + " without one");
            }
            options.addAll(List.of("-jar", jar.toString()));
            return List.copyOf(options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while preparing " + dir, e);
        }
    }

    private static void extract(Path packaged, Path dir) throws IOException, InterruptedException {
        Process extract = new ProcessBuilder(LocalStackProcess.java(), "-Djarmode=tools", "-jar", packaged.toString(), "extract",
                "--destination", dir.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (extract.waitFor() != 0) {
            throw new IllegalStateException("could not extract " + packaged + " to " + dir);
        }
    }

    /** Starts a training server on the stack until it is UP, then stops it: its JVM writes the archive. */
    private static void record(LocalStackProcess.Ports ports, Path jar, Path archive)
            throws InterruptedException {
        Path log = archive.resolveSibling("training.log");
        ServerProcess training = ServerProcess.launch(ports, log, List.of("-XX:ArchiveClassesAtExit=" + archive,
                "-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-jar", jar.toString()),
                "--brigade.env=class-data-training", "--brigade.jobs.scheduling=false");
        try {
            await().atMost(TRAINING_AT_MOST).until(() -> training.isUp() || !training.isAlive());
        } finally {
            training.close();
        }
    }
}
