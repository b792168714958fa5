package io.bucketbrigade.checksum;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ChecksumsTest {

    static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    static final String ABC_SHA256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Nested
    class Sha256 {

        @Test
        void ofBytesAndOfTextAsUtf8() {
            assertThat(Checksums.sha256Hex(new byte[0])).isEqualTo(EMPTY_SHA256);
            assertThat(Checksums.sha256Hex("abc")).isEqualTo(ABC_SHA256);
            assertThat(Checksums.sha256Hex("é")).isEqualTo(Checksums.sha256Hex("é".getBytes(StandardCharsets.UTF_8)));
        }

        @Test
        void ofAStreamFedInParts() {
            MessageDigest digest = Checksums.sha256();
            digest.update("a".getBytes(StandardCharsets.UTF_8));
            digest.update("bc".getBytes(StandardCharsets.UTF_8));

            assertThat(Checksums.hex(digest)).isEqualTo(ABC_SHA256);
        }

        @Test
        void shortIdsAreTheFirst128Bits() {
            assertThat(Checksums.shortSha256Hex("abc")).isEqualTo(ABC_SHA256.substring(0, 32));
        }
    }

    @Test
    void md5AsS3EtagsHaveIt() {
        assertThat(Checksums.md5Hex("abc".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("900150983cd24fb0d6963f7d28e17f72");
        assertThat(Checksums.hex(Checksums.md5())).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
    }
}
