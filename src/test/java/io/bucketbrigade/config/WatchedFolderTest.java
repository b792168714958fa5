package io.bucketbrigade.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A folder laid out as the kubelet mounts a ConfigMap (deploy/kubernetes): each file a link through {@code ..data}
 * to a timestamped folder, swapped at once when the ConfigMap changes. The scan sees the files by their names and
 * the new content after the swap, so routes and profiles edited in the ConfigMap reload as on a laptop.
 */
class WatchedFolderTest {

    @TempDir
    Path folder;

    @Test
    void aConfigMapMountIsReadByFileNameAndItsUpdateIsSeen() throws Exception {
        mount("..2026_12_01_10_00_00.1", "- route:\n    id: a\n");
        Files.createSymbolicLink(folder.resolve("hop.camel.yaml"), Path.of("..data/hop.camel.yaml"));

        assertThat(WatchedFolder.read(folder, "*.camel.yaml")).isEqualTo(Map.of("hop.camel.yaml",
                "- route:\n    id: a\n"));

        mount("..2026_12_01_10_01_00.2", "- route:\n    id: b\n");
        assertThat(WatchedFolder.read(folder, "*.camel.yaml")).isEqualTo(Map.of("hop.camel.yaml",
                "- route:\n    id: b\n"));
    }

    /** What the kubelet does: the new content in a new folder, then ..data pointed at it in one rename. */
    void mount(String timestamped, String content) throws Exception {
        Path data = Files.createDirectory(folder.resolve(timestamped));
        Files.writeString(data.resolve("hop.camel.yaml"), content);
        Path link = folder.resolve("..data_tmp");
        Files.createSymbolicLink(link, Path.of(timestamped));
        Files.move(link, folder.resolve("..data"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }
}
