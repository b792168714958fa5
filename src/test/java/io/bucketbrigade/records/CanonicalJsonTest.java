package io.bucketbrigade.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bucketbrigade.support.Fixtures;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bytes AIND's indexer writes and compares, {@code json.dumps(obj, indent=3, sort_keys=True,
 * ensure_ascii=False)}: the fixtures under {@code aind-indexer/} were written by Python with exactly those arguments.
 */
class CanonicalJsonTest {

    static byte[] resource(String path) {
        return Fixtures.resource("aind-indexer/" + path);
    }

    @Nested
    class PythonsBytes {

        @ParameterizedTest
        @ValueSource(strings = {"serializer/mixed.json", "serializer/floats.json", "serializer/nan.json",
                "serializer/empty-object.json", "serializer/empty-list.json", "serializer/string.json",
                "serializer/number.json", "serializer/list.json", "bucket/metadata.nd.json", "bucket/subject.json",
                "root-files/list.json", "root-files/big-integer.json", "root-files/null.json"})
        void readAndWrittenAgainGiveTheSameBytes(String fixture) {
            byte[] python = resource(fixture);

            JsonNode read = CanonicalJson.parse(python).orElseThrow();

            assertThat(new String(CanonicalJson.bytes(read), StandardCharsets.UTF_8))
                    .isEqualTo(new String(python, StandardCharsets.UTF_8));
            assertThat(CanonicalJson.md5(CanonicalJson.bytes(read))).isEqualTo(CanonicalJson.md5(python));
        }

        @Test
        void javaValuesAreWrittenAsPythonWritesTheSameValues() {
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("z", null);
            values.put("floats", List.of(1.0, 1e-7, 1e16, Double.POSITIVE_INFINITY, -0.0));
            values.put("ints", List.of(1, 9_223_372_036_854_775_807L, BigInteger.TWO.pow(64).add(BigInteger.ONE)));
            values.put("empty", Map.of("list", List.of(), "object", Map.of()));
            values.put("text", "Café 日本 🧠 \"q\" \\ \u0001");
            values.put("flag", true);
            List<Object> nested = new ArrayList<>();
            nested.add(List.of(List.of()));
            nested.add(null);
            values.put("nested", nested);

            // json.dumps({"z": None, "floats": [1.0, 1e-07, 1e+16, float("inf"), -0.0], ...}, indent=3, ...)
            assertThat(new String(CanonicalJson.bytes(values), StandardCharsets.UTF_8)).isEqualTo("""
                    {
                       "empty": {
                          "list": [],
                          "object": {}
                       },
                       "flag": true,
                       "floats": [
                          1.0,
                          1e-07,
                          1e+16,
                          Infinity,
                          -0.0
                       ],
                       "ints": [
                          1,
                          9223372036854775807,
                          18446744073709551617
                       ],
                       "nested": [
                          [
                             []
                          ],
                          null
                       ],
                       "text": "Café 日本 🧠 \\"q\\" \\\\ \\u0001",
                       "z": null
                    }""");
        }

        @Test
        void keysAreInCodePointOrderAsPythonSortsThem() {
            // UTF-16 order would put U+1F600 (a surrogate pair, 0xD83D...) before U+FFFF
            assertThat(new String(CanonicalJson.bytes(Map.of("\uFFFF", 1, "😀", 2, "a", 3)), StandardCharsets.UTF_8))
                    .isEqualTo("{\n   \"a\": 3,\n   \"\uFFFF\": 1,\n   \"😀\": 2\n}");
        }
    }

    @Nested
    class FloatsAsPythonsRepr {

        @ParameterizedTest
        @CsvSource({"1.0,1.0", "0.1,0.1", "1e-7,1e-07", "1e16,1e+16", "1e15,1000000000000000.0", "123.456,123.456",
                "0.0001,0.0001", "0.00001,1e-05", "5e-324,5e-324", "1.7976931348623157e308,1.7976931348623157e+308",
                "2e23,2e+23", "-2.5e-10,-2.5e-10", "100.0,100.0", "1.5e300,1.5e+300", "0.3,0.3",
                "9007199254740993,9007199254740992.0", "-0.0,-0.0", "0,0.0"})
        void shortestRoundTrip(double value, String python) {
            assertThat(CanonicalJson.pythonFloat(value)).isEqualTo(python);
        }

        @Test
        void nonFiniteAsJsonDumpsWritesThem() {
            assertThat(CanonicalJson.pythonFloat(Double.NaN)).isEqualTo("NaN");
            assertThat(CanonicalJson.pythonFloat(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
        }
    }

    @Nested
    class ReadAsJsonLoads {

        @Test
        void whatPythonRefusesIsNotJson() {
            assertThat(CanonicalJson.parse(utf8("\uFEFF{}"))).as("byte order mark").isEmpty();
            assertThat(CanonicalJson.parse(new byte[] {'"', (byte) 0xC3, '"'})).as("not UTF-8").isEmpty();
            assertThat(CanonicalJson.parse(utf8("{} {}"))).as("extra data").isEmpty();
            assertThat(CanonicalJson.parse(utf8(""))).as("empty").isEmpty();
            assertThat(CanonicalJson.parse(utf8("{ not json"))).isEmpty();
        }

        @Test
        void whatPythonAcceptsIsRead() {
            assertThat(CanonicalJson.parse(utf8(" [NaN, Infinity, -Infinity] \n")).orElseThrow().get(1).doubleValue())
                    .isEqualTo(Double.POSITIVE_INFINITY);
            assertThat(CanonicalJson.parse(utf8("{\"a\": 1, \"a\": 2}")).orElseThrow().get("a").intValue())
                    .as("the last of repeated keys").isEqualTo(2);
            assertThat(CanonicalJson.parse(utf8("null")).orElseThrow().isNull()).isTrue();
            assertThat(new String(CanonicalJson.bytes(CanonicalJson.parse(utf8("[1E400, 1.50, 1e5]")).orElseThrow()),
                    StandardCharsets.UTF_8)).isEqualTo("[\n   Infinity,\n   1.5,\n   100000.0\n]");
        }

        private static byte[] utf8(String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }
}
