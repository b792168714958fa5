package io.bucketbrigade.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.springframework.util.FileSystemUtils;

/**
 * Folders that outlive one test but not the test JVM: they are deleted when it exits, so that a test run leaves
 * nothing under {@code java.io.tmpdir} (a machine that runs the suite day after day would otherwise fill its disk).
 */
public final class TemporaryFolders {

    private static final List<Path> MADE = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> MADE.forEach(TemporaryFolders::delete),
                "delete-temporary-folders"));
    }

    private TemporaryFolders() {
    }

    /** A new empty folder, deleted with all it holds when the JVM exits. */
    public static Path create(String prefix) {
        try {
            Path folder = Files.createTempDirectory(prefix);
            MADE.add(folder);
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of one of the repository's folders ({@code routes}, {@code profiles}) that a test may change. */
    public static Path copyOf(String repoFolder) {
        Path copy = create("brigade-test-" + repoFolder);
        try (Stream<Path> files = Files.list(LocalStackProcess.repoDir().resolve(repoFolder))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, copy.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a folder and all it holds now; what cannot be deleted is left (it is only a temporary file). */
    public static void delete(Path folder) {
        try {
            FileSystemUtils.deleteRecursively(folder);
        } catch (IOException e) {
            System.err.println("could not delete " + folder + ": " + e);
        }
    }
}
