package io.bucketbrigade.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ProfileLoaderTest {

    final ProfileLoader loader = new ProfileLoader(Map.of("json", Set.of(), "mrc", Set.of("voxelSpacing")));

    static final String MINIMAL = """
            name: lab
            order: 5
            key: '^(?<dataset>lab-\\d+)/(?<path>.+)$'
            files:
              - role: data
                match: '.+'
            """;

    @Nested
    class Loads {

        @Test
        void aMinimalProfileWithDefaults() {
            DatasetProfile profile = loader.load("lab.yaml", MINIMAL);

            Classification.Accepted accepted = (Classification.Accepted) profile.classify("lab-7/a/b.txt").orElseThrow();
            assertThat(accepted.datasetId()).isEqualTo("lab-7");
            assertThat(accepted.role()).isEqualTo("data");
            assertThat(accepted.targetKey(Map.of())).isEqualTo("lab-7/a/b.txt");
            assertThat(profile.classify("other/a.txt")).isEmpty();
        }

        @Test
        void templatesUsingGroupsOfTheKeyAndTheFileRuleAndFoundValues() {
            DatasetProfile profile = loader.load("scope.yaml", """
                    name: scope
                    order: 1
                    key: '^(?<dataset>\\d+)/(?<path>.+)$'
                    files:
                      - role: tomogram
                        match: '^(?<run>[^/]+)/(?<tomo>[^/]+)\\.mrc$'
                        checks: [mrc]
                        target: '{dataset}/{run}/VoxelSpacing{voxelSpacing}/{tomo}/{run}.mrc'
                    otherFiles:
                      message: "'{path}' is not a tomogram"
                    """);

            Classification.Accepted accepted = (Classification.Accepted) profile.classify("10001/run1/t1.mrc")
                    .orElseThrow();
            assertThat(accepted.targetKey(Map.of("voxelSpacing", "13.480")))
                    .isEqualTo("10001/run1/VoxelSpacing13.480/t1/run1.mrc");
            Classification.Rejected rejected = (Classification.Rejected) profile.classify("10001/notes.txt")
                    .orElseThrow();
            assertThat(rejected.rule()).isEqualTo("unknown-file");
            assertThat(rejected.message()).isEqualTo("'notes.txt' is not a tomogram");
            assertThat(rejected.datasetId()).isEqualTo("10001");
        }

        @Test
        void otherFilesAcceptedWithTheirOwnRole() {
            DatasetProfile profile = loader.load("lab.yaml", MINIMAL.replace("match: '.+'", "match: '^x$'")
                    + "otherFiles:\n  accept: true\n  role: unknown\n");

            assertThat(((Classification.Accepted) profile.classify("lab-1/y").orElseThrow()).role())
                    .isEqualTo("unknown");
        }
    }

    @Nested
    class Refuses {

        @Test
        void anUnknownSettingNamingTheLine() {
            assertThatThrownBy(() -> loader.load("lab.yaml", MINIMAL + "filez: []\n"))
                    .isInstanceOf(ProfileException.class)
                    .hasMessageStartingWith("lab.yaml: unknown setting 'filez' at line 7");
        }

        @Test
        void aNameThatIsNotTheFileName() {
            assertThatThrownBy(() -> loader.load("other.yaml", MINIMAL))
                    .hasMessage("other.yaml: name 'lab' must match the file name ('other')");
        }

        @Test
        void anInvalidRegularExpression() {
            assertThatThrownBy(() -> loader.load("lab.yaml", MINIMAL.replace("lab-\\d+)", "lab-[\\d+)")))
                    .hasMessageContaining("lab.yaml: key is not a valid regular expression");
        }

        @Test
        void aKeyWithoutAPathGroup() {
            assertThatThrownBy(() -> loader.load("lab.yaml", MINIMAL.replace("(?<path>.+)", ".+")))
                    .hasMessageContaining("key must have a named group 'path'");
        }

        @Test
        void anUnknownCheck() {
            assertThatThrownBy(() -> loader.load("lab.yaml", MINIMAL + "    checks: [jsn]\n"))
                    .hasMessage("lab.yaml: files[0].checks: unknown check 'jsn' (known: [json, mrc])");
        }

        @Test
        void aTemplateVariableNothingDefines() {
            assertThatThrownBy(() -> loader.load("lab.yaml", MINIMAL + "    target: '{dataset}/{plate}/{file}'\n"))
                    .hasMessageStartingWith("lab.yaml: files[0].target uses {plate}, which is not a named group");
        }

        @Test
        void aRoleDeclaredTwice() {
            assertThatThrownBy(() -> loader.load("lab.yaml", MINIMAL + "  - role: data\n    match: 'x'\n"))
                    .hasMessage("lab.yaml: files[1]: role 'data' is declared twice");
        }

        @Test
        void aMissingOrder() {
            assertThatThrownBy(() -> loader.load("lab.yaml", MINIMAL.replace("order: 5\n", "")))
                    .hasMessageStartingWith("lab.yaml: order is missing");
        }

        @Test
        void textThatIsNotYaml() {
            assertThatThrownBy(() -> loader.load("lab.yaml", "name: [lab\n"))
                    .isInstanceOf(ProfileException.class)
                    .hasMessageStartingWith("lab.yaml: not a valid profile");
        }
    }

    @Nested
    class Completeness {

        @Test
        void withoutCompleteADepositIsCompleteAtOnce() {
            assertThat(loader.load("lab.yaml", MINIMAL).completion()).isEqualTo(Completion.AT_ONCE);
        }

        @Test
        void aQuietPeriodAndAMarkerRole() {
            Completion completion = loader.load("lab.yaml", MINIMAL + """
                      - role: done
                        match: '^_SUCCESS$'
                    complete:
                      settle: 90s
                      marker: done
                    """).completion();

            assertThat(completion.settle()).isEqualTo(Duration.ofSeconds(90));
            assertThat(completion.marker()).isEqualTo("done");
            assertThat(completion.settleText()).isEqualTo("90s");
        }

        @Test
        void aSettleThatIsNotADuration() {
            assertThatThrownBy(() -> loader.load("lab.yaml", MINIMAL + "complete:\n  settle: soon\n"))
                    .hasMessage("lab.yaml: complete.settle is 'soon'; it is a duration such as 30s, 5m or 1h");
            assertThatThrownBy(() -> loader.load("lab.yaml", MINIMAL + "complete:\n  settle: -5m\n"))
                    .hasMessage("lab.yaml: complete.settle is -5m; it is zero or more");
        }

        @Test
        void aMarkerThatIsNoRoleOfTheFiles() {
            assertThatThrownBy(() -> loader.load("lab.yaml", MINIMAL + "complete:\n  marker: done\n"))
                    .hasMessage("lab.yaml: complete.marker is 'done', which is not a role of files (data); declare"
                            + " the marker file as a file rule and name its role");
        }

        @Test
        void settleAtMostShortensTheQuietPeriodOnly() {
            Completion hour = new Completion(Duration.ofHours(1), "done");

            assertThat(hour.settleAtMost(Duration.ZERO)).isEqualTo(new Completion(Duration.ZERO, "done"));
            assertThat(hour.settleAtMost(null)).isSameAs(hour);
            assertThat(hour.settleAtMost(Duration.ofDays(1))).isSameAs(hour);
            assertThat(hour.settleText()).isEqualTo("1h");
        }
    }

    @Nested
    class NamingRulesOfAProfile {

        @Test
        void withoutNamingAProfileKeepsThePortableCharacters() {
            DatasetProfile profile = loader.load("lab.yaml", MINIMAL);

            Classification.Rejected spaced = (Classification.Rejected) profile.classify("lab-7/my file.txt")
                    .orElseThrow();
            assertThat(spaced.rule()).isEqualTo("whitespace");
            assertThat(spaced.datasetId()).isEqualTo("lab-7");
            assertThat(spaced.profile()).isEqualTo("lab");
        }

        @Test
        void aProfileDeclaresItsOwnCharactersAndLimit() {
            DatasetProfile profile = loader.load("lab.yaml", MINIMAL + """
                    naming:
                      characters: '[A-Za-z0-9 _./-]'
                      maxKeyBytes: 20
                    """);

            assertThat(profile.classify("lab-7/my file.txt").orElseThrow()).isInstanceOf(
                    Classification.Accepted.class);
            assertThat(((Classification.Accepted) profile.classify("lab-7/my file.txt").orElseThrow()).naming())
                    .isSameAs(profile.naming());
            assertThat(((Classification.Rejected) profile.classify("lab-7/a(1).txt").orElseThrow()).rule())
                    .isEqualTo("special-character");
            assertThat(((Classification.Rejected) profile.classify("lab-7/" + "x".repeat(20)).orElseThrow()).rule())
                    .isEqualTo("key-too-long");
            assertThat(((Classification.Rejected) profile.classify("lab-7/../x").orElseThrow()).rule())
                    .isEqualTo("path-traversal");
        }

        @Test
        void anUnknownNamingSettingIsRefusedWithItsLine() {
            assertThatThrownBy(() -> loader.load("lab.yaml", MINIMAL + """
                    naming:
                      spaces: true
                    """)).isInstanceOf(ProfileException.class)
                    .hasMessageContaining("lab.yaml: unknown setting 'spaces' at line 8");
        }

        @Test
        void charactersAreOneCharacterClassThatAllowsTheSlash() {
            assertThatThrownBy(() -> loader.load("lab.yaml", MINIMAL + "naming:\n  characters: '.*'\n"))
                    .hasMessageContaining("naming.characters is '.*'; it is one regular expression character class");
            assertThatThrownBy(() -> loader.load("lab.yaml", MINIMAL + "naming:\n  characters: '[a-z]'\n"))
                    .hasMessageContaining("must allow '/'");
            assertThatThrownBy(() -> loader.load("lab.yaml", MINIMAL + "naming:\n  maxKeyBytes: 2048\n"))
                    .hasMessageContaining("naming.maxKeyBytes is 2048; it is 1 to 1024");
        }

        @Test
        void warnNamesProblemRules() {
            DatasetProfile profile = loader.load("lab.yaml", MINIMAL.replace("match: '.+'",
                    "match: '.+'\n    warn: [duplicate-ids]"));

            assertThat(profile.rule("data").orElseThrow().warn()).containsExactly("duplicate-ids");
            assertThatThrownBy(() -> loader.load("lab.yaml", MINIMAL.replace("match: '.+'",
                    "match: '.+'\n    warn: ['Duplicate IDs']"))).hasMessageContaining(
                    "lab.yaml: files[0].warn: 'Duplicate IDs' is not a problem rule");
        }
    }
}
