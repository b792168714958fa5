package io.bucketbrigade.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bucketbrigade.ingest.content.ContentRejectedException;
import io.bucketbrigade.profiles.Classification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KeyRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a/b.txt", "cpg0016-jump/source_4/images/2021_04_26_Batch1/x.tiff", "A-Z_0.9/x"})
    void acceptsPortableKeys(String key) {
        assertThat(KeyRules.check(key)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "data/my file.txt        | whitespace          | ' ' (U+0020 SPACE) at position 7",
            "data/tab\tfile           | whitespace          | U+0009",
            "data/caf\u00e9.txt       | non-ascii-character | 'é' (U+00E9 LATIN SMALL LETTER E WITH ACUTE)",
            "data/\u65e5\u672c.txt    | non-ascii-character | U+65E5",
            "data/a(1).txt            | special-character   | '(' (U+0028 LEFT PARENTHESIS)",
            "data/a+b.txt             | special-character   | '+'",
            "data/../secret.txt       | path-traversal      | '..' segment",
            "data/./x.txt             | path-traversal      | '.' segment",
            "data//x.txt              | empty-segment       | double '/'",
            "/data/x.txt              | empty-segment       | leading",
    })
    void refusesWithTheRuleAndWhatToFix(String key, String rule, String detail) {
        Classification.Rejected rejected = KeyRules.check(key).orElseThrow();

        assertThat(rejected.rule()).isEqualTo(rule);
        assertThat(rejected.message()).contains(detail);
    }

    @ParameterizedTest
    @ValueSource(ints = {1024, 1025})
    void keysAreAtMost1024Bytes(int length) {
        String key = "d/" + "x".repeat(length - 2);

        assertThat(KeyRules.check(key).map(Classification.Rejected::rule))
                .isEqualTo(length <= 1024 ? java.util.Optional.empty() : java.util.Optional.of("key-too-long"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"d/\u00e9"})
    void lengthIsCountedInUtf8Bytes(String prefix) {
        String key = prefix + "x".repeat(1024 - 3); // 'é' is two bytes: 1,025 bytes in all

        assertThat(KeyRules.check(key).orElseThrow().message()).startsWith("The key is 1025 bytes long");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ds/../other/x.mrc", "other/x.mrc", "ds/a/./x", "ds//x", "dsx/y", "ds/run 1/x"})
    void aKeyMadeForSourceThatLeavesItsDatasetOrBreaksARuleIsRefused(String target) {
        assertThatThrownBy(() -> KeyRules.requireWithinDataset("ds", target))
                .isInstanceOfSatisfying(ContentRejectedException.class, e -> {
                    assertThat(e.rule()).isEqualTo("target-outside-dataset");
                    assertThat(e.getMessage()).contains("'" + target + "'").contains("'ds/'");
                });
    }

    @Test
    void aKeyMadeForSourceUnderItsDatasetIsKept() {
        assertThat(KeyRules.requireWithinDataset("ds", "ds/Reconstructions/VoxelSpacing13.480/x.mrc"))
                .isEqualTo("ds/Reconstructions/VoxelSpacing13.480/x.mrc");
    }

    @Test
    void keysOtherToolsWriteAreHeldOnlyToTheRulesThatKeepThemUnderTheirPrefix() {
        assertThat(KeyRules.checkSegments("_reports/verify/all/2026-11-23T10:00:00Z.json")).isEmpty();
        assertThat(KeyRules.checkSegments("ds/../x:y.rds").orElseThrow().rule()).isEqualTo("path-traversal");
        assertThat(KeyRules.checkSegments("ds//x.rds").orElseThrow().rule()).isEqualTo("empty-segment");
    }
}
