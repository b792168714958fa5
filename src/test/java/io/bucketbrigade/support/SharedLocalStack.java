package io.bucketbrigade.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One local stack for the whole test JVM, started on first use; ended, and its data deleted, when the JVM exits.
 * The data folder is named after the JVM's pid, so that the folder of a JVM that was killed before it could delete
 * its own (Surefire ends a fork that is slow to exit) is deleted by the next test JVM that starts a stack.
 */
public final class SharedLocalStack {

    private static final String PREFIX = "brigade-test-stack-";
    private static final Pattern OWNER = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-.*");

    private static LocalStackProcess stack;

    private SharedLocalStack() {
    }

    public static synchronized LocalStackProcess get() {
        if (stack == null) {
            deleteFoldersOfEndedJvms();
            Path dir = createFolder();
            LocalStackProcess started = new LocalStackProcess(LocalStackProcess.Ports.free(), dir.resolve("data"));
            // one hook, so that the data go only once the stack that writes them has ended; the data are thrown
            // away, so the stack need not flush them first
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                started.kill();
                TemporaryFolders.delete(dir);
            }, "stop-local-stack"));
            stack = started.start();
        }
        return stack;
    }

    private static Path createFolder() {
        try {
            return Files.createTempDirectory(PREFIX + ProcessHandle.current().pid() + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteFoldersOfEndedJvms() {
        try (Stream<Path> folders = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            folders.filter(folder -> {
                Matcher owner = OWNER.matcher(folder.getFileName().toString());
                return owner.matches() && ProcessHandle.of(Long.parseLong(owner.group(1))).isEmpty();
            }).forEach(TemporaryFolders::delete);
        } catch (IOException e) {
            System.err.println("could not look for test stacks left behind: " + e);
        }
    }
}
