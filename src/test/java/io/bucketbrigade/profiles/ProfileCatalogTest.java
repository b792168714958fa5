package io.bucketbrigade.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Operators edit profiles while the server runs: a broken edit is refused and the previous version stays. */
class ProfileCatalogTest {

    @TempDir
    Path folder;

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    ProfileCatalog catalog;

    @BeforeEach
    void start() throws Exception {
        Files.writeString(folder.resolve("lab.yaml"), ProfileLoaderTest.MINIMAL);
        catalog = new ProfileCatalog(new ProfilesProperties(folder, Duration.ofHours(1)),
                () -> Map.of("json", Set.of()), meters);
        catalog.afterPropertiesSet();
    }

    @AfterEach
    void stop() {
        catalog.destroy();
    }

    @Test
    void aBrokenEditIsRefusedAndThePreviousVersionStaysInUse() throws Exception {
        Files.writeString(folder.resolve("lab.yaml"), ProfileLoaderTest.MINIMAL + "    checks: [nope]\n");

        catalog.scan();

        ProfileCatalog.FileStatus status = catalog.statuses().get(0);
        assertThat(status.failed()).isTrue();
        assertThat(status.error()).contains("unknown check 'nope'");
        assertThat(catalog.classify("lab-1/x.txt").profile()).isEqualTo("lab");
        assertThat(meters.get("brigade.profile.files.failed").gauge().value()).isEqualTo(1.0);

        Files.writeString(folder.resolve("lab.yaml"), ProfileLoaderTest.MINIMAL.replace("lab-\\d+", "lab-[a-z]+"));
        catalog.scan();

        assertThat(catalog.statuses().get(0).failed()).isFalse();
        assertThat(catalog.classify("lab-one/x.txt").profile()).isEqualTo("lab");
        assertThat(catalog.classify("lab-1/x.txt").rejected()).isTrue();
        assertThat(meters.get("brigade.profile.files.failed").gauge().value()).isZero();
    }

    @Test
    void aNewProfileIsTriedInItsOrderAndARemovedOneIsGone() throws Exception {
        Files.writeString(folder.resolve("first.yaml"), ProfileLoaderTest.MINIMAL
                .replace("name: lab", "name: first").replace("order: 5", "order: 1"));
        catalog.scan();

        assertThat(catalog.classify("lab-1/x.txt").profile()).isEqualTo("first");

        Files.delete(folder.resolve("first.yaml"));
        catalog.scan();

        assertThat(catalog.classify("lab-1/x.txt").profile()).isEqualTo("lab");
        assertThat(catalog.statuses()).extracting(ProfileCatalog.FileStatus::file).containsExactly("lab.yaml");
    }

    @Test
    void aProfileFileThatNeverLoadedIsNotInUse() throws Exception {
        Files.writeString(folder.resolve("broken.yaml"), "name: broken\norder: 1\n");

        catalog.scan();

        assertThat(catalog.profiles()).extracting(DatasetProfile::name).containsExactly("lab");
        assertThat(catalog.statuses()).filteredOn(ProfileCatalog.FileStatus::failed).singleElement()
                .satisfies(s -> assertThat(s.error()).isEqualTo("broken.yaml: key is missing"));
    }
}
