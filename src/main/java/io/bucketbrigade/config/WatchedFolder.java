package io.bucketbrigade.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;

import io.bucketbrigade.checksum.Checksums;

/**
 * A folder of configuration files that operators edit while the server runs (routes, dataset profiles): read as
 * a snapshot of file name to content, each content versioned by its SHA-256.
 */
public final class WatchedFolder {

    private WatchedFolder() {
    }

    /** The files in {@code directory} matching {@code glob}, by name; empty when the folder does not exist. */
    public static Map<String, String> read(Path directory, String glob) {
        Map<String, String> contents = new TreeMap<>();
        if (!Files.isDirectory(directory)) {
            return contents;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, glob)) {
            for (Path path : stream) {
                if (Files.isRegularFile(path)) {
                    contents.put(path.getFileName().toString(), read(path));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + directory, e);
        }
        return contents;
    }

    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    /**
     * Replaces the content of the file {@code name} of {@code directory} at once: written beside it under a name
     * that {@code glob} does not match, then moved over it, so that a scan reads the old content or the new, never
     * a part.
     *
     * @throws IllegalArgumentException when {@code name} is not a name {@code glob} matches in {@code directory}
     * @throws UncheckedIOException     when the folder cannot be written (read-only, as a mounted ConfigMap)
     */
    public static void write(Path directory, String glob, String name, String content) {
        Path file = directory.resolve(name).normalize();
        if (!directory.normalize().equals(file.getParent())
                || !file.getFileSystem().getPathMatcher("glob:" + glob).matches(file.getFileName())) {
            throw new IllegalArgumentException("'" + name + "' is not the name of a file (" + glob + ") in "
                    + directory);
        }
        Path temporary = file.resolveSibling("." + file.getFileName() + ".writing");
        try {
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // the write failed already; that is the error to report
            }
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The version of a file: SHA-256 of its content, in hex. */
    public static String version(String content) {
        return Checksums.sha256Hex(content);
    }
}
