package io.bucketbrigade.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One local stack for the whole test JVM, started on first use and stopped when the JVM exits. */
public final class SharedLocalStack {

    private static LocalStackProcess stack;

    private SharedLocalStack() {
    }

    public static synchronized LocalStackProcess get() {
        if (stack == null) {
            try {
                Path dir = Files.createTempDirectory("brigade-test-stack");
                stack = new LocalStackProcess(LocalStackProcess.Ports.free(), dir.resolve("data")).start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            LocalStackProcess started = stack;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "stop-local-stack"));
        }
        return stack;
    }
}
