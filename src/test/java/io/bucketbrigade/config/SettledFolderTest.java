package io.bucketbrigade.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import io.bucketbrigade.config.SettledFolder.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A route or profile file that an editor or {@code cat >} is still writing reads empty or cut short for a moment: the
 * watcher takes a change only once two of its ticks read the file the same, so that moment is never loaded.
 */
class SettledFolderTest {

    @TempDir
    Path folder;

    @Test
    void aChangeIsTakenOnceTwoReadsInARowAgreeAndTheFirstReadTakesAll() throws Exception {
        Files.writeString(folder.resolve("hop.camel.yaml"), "- route:\n    id: a\n");
        SettledFolder watched = new SettledFolder(folder, "*.camel.yaml");
        assertThat(watched.settled()).isEqualTo(new Snapshot(Map.of("hop.camel.yaml", "- route:\n    id: a\n"),
                Set.of()));

        Files.writeString(folder.resolve("hop.camel.yaml"), ""); // truncated, the new content not written yet
        Files.writeString(folder.resolve("new.camel.yaml"), "- rou");
        assertThat(watched.settled()).isEqualTo(new Snapshot(Map.of(), Set.of("hop.camel.yaml", "new.camel.yaml")));

        Files.writeString(folder.resolve("hop.camel.yaml"), "- route:\n    id: b\n");
        Files.writeString(folder.resolve("new.camel.yaml"), "- route:\n    id: c\n");
        assertThat(watched.settled().changing()).containsExactly("hop.camel.yaml", "new.camel.yaml");
        assertThat(watched.settled()).isEqualTo(new Snapshot(Map.of("hop.camel.yaml", "- route:\n    id: b\n",
                "new.camel.yaml", "- route:\n    id: c\n"), Set.of()));
    }

    @Test
    void aRemovalIsTakenOnceTheFileStaysAwayAndScanNowTakesTheFolderAsItIs() throws Exception {
        Files.writeString(folder.resolve("hop.camel.yaml"), "- route:\n    id: a\n");
        SettledFolder watched = new SettledFolder(folder, "*.camel.yaml");
        watched.settled();

        Files.delete(folder.resolve("hop.camel.yaml"));
        Snapshot removing = watched.settled();
        assertThat(removing).isEqualTo(new Snapshot(Map.of(), Set.of("hop.camel.yaml")));
        assertThat(removing.gone("hop.camel.yaml")).as("perhaps being written again").isFalse();
        Snapshot removed = watched.settled();
        assertThat(removed).isEqualTo(new Snapshot(Map.of(), Set.of()));
        assertThat(removed.gone("hop.camel.yaml")).isTrue();

        Files.writeString(folder.resolve("hop.camel.yaml"), "- route:\n    id: b\n");
        assertThat(watched.now()).isEqualTo(new Snapshot(Map.of("hop.camel.yaml", "- route:\n    id: b\n"),
                Set.of()));
        assertThat(watched.settled().changing()).as("read by 'scan now' already").isEmpty();
    }
}
