package io.bucketbrigade.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** The version of a file: SHA-256 of its content, in hex. */
    public static String version(String content) {
        return Checksums.sha256Hex(content);
    }
}
