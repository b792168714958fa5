package io.bucketbrigade.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One local stack for the whole test JVM, started on first use; stopped, and its data deleted, when the JVM exits. */
public final class SharedLocalStack {

    private static LocalStackProcess stack;

    private SharedLocalStack() {
    }

    public static synchronized LocalStackProcess get() {
        if (stack == null) {
            Path dir = createFolder();
            LocalStackProcess started = new LocalStackProcess(LocalStackProcess.Ports.free(), dir.resolve("data"));
            // one hook, so that the data go only once the stack that writes them has stopped
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                started.stop();
                TemporaryFolders.delete(dir);
            }, "stop-local-stack"));
            stack = started.start();
        }
        return stack;
    }

    private static Path createFolder() {
        try {
            return Files.createTempDirectory("brigade-test-stack");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
