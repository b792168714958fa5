package io.bucketbrigade.enrich.extract;

import static io.bucketbrigade.support.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.List;

import io.bucketbrigade.support.Bounded;
import io.bucketbrigade.support.Fixtures;
import io.bucketbrigade.support.Mutations;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Every reader of the enrich hop on generated bad input (valid seeds, mutated): a problem or facts, never an
 * exception, within {@link Bounded}'s time and memory. Short versions here; {@code -Dbrigade.properties.long=true}
 * runs 100,000 cases a reader.
 */
class ReaderPropertiesTest {

    static final int TRIES = 150;
    static final String MTX = "%%MatrixMarket matrix coordinate integer general\n%comment\n3 2 3\n1 1 5\n2 2 1\n"
            + "3 1 2\n";

    final FileExtractor extractor = new FileExtractor(null, List.of(new MatrixMarketExtractor(), new TsvExtractor(),
            new CsvExtractor(), new JsonExtractor(), new YamlExtractor(), new TiffExtractor(), new MrcExtractor(),
            new NpyExtractor()));

    void holds(String name, byte[] content) {
        Facts facts = Bounded.call(() -> extractor.extract(name, new ByteArrayInputStream(content),
                FileExtractorTest.ranges(content)));
        assertThat(facts.values()).containsEntry("size", (long) content.length).containsKey("sha256");
        assertThat(facts.problems()).allSatisfy(p -> {
            assertThat(p.rule()).isNotBlank().doesNotContain(" ");
            assertThat(p.message()).isNotBlank();
        });
    }

    @Property(tries = TRIES)
    void tsv(@ForAll("tsvs") byte[] content) {
        holds("genes.tsv", content);
    }

    @Property(tries = TRIES)
    void csv(@ForAll("csvs") byte[] content) {
        holds("load_data.csv", content);
    }

    @Property(tries = TRIES)
    void matrixMarket(@ForAll("mtxs") byte[] content) {
        holds("matrix.mtx", content);
    }

    @Property(tries = TRIES)
    void json(@ForAll("jsons") byte[] content) {
        holds("data_description.json", content);
    }

    @Property(tries = TRIES)
    void yaml(@ForAll("yamls") byte[] content) {
        holds("run.yaml", content);
    }

    @Property(tries = TRIES)
    void tiff(@ForAll("tiffs") byte[] content) {
        holds("image.tiff", content);
    }

    @Property(tries = TRIES)
    void mrc(@ForAll("mrcs") byte[] content) {
        holds("tomo.mrc", content);
    }

    @Property(tries = TRIES)
    void npy(@ForAll("npys") byte[] content) {
        holds("illum.npy", content);
    }

    @Property(tries = TRIES)
    void gzip(@ForAll("gzips") byte[] content) {
        holds("matrix.mtx.gz", content);
    }

    @Property(tries = Bounded.LONG_TRIES)
    @AddLifecycleHook(Bounded.LongVersion.class)
    void tsvLong(@ForAll("tsvs") byte[] content) {
        holds("genes.tsv", content);
    }

    @Property(tries = Bounded.LONG_TRIES)
    @AddLifecycleHook(Bounded.LongVersion.class)
    void csvLong(@ForAll("csvs") byte[] content) {
        holds("load_data.csv", content);
    }

    @Property(tries = Bounded.LONG_TRIES)
    @AddLifecycleHook(Bounded.LongVersion.class)
    void matrixMarketLong(@ForAll("mtxs") byte[] content) {
        holds("matrix.mtx", content);
    }

    @Property(tries = Bounded.LONG_TRIES)
    @AddLifecycleHook(Bounded.LongVersion.class)
    void jsonLong(@ForAll("jsons") byte[] content) {
        holds("data_description.json", content);
    }

    @Property(tries = Bounded.LONG_TRIES)
    @AddLifecycleHook(Bounded.LongVersion.class)
    void yamlLong(@ForAll("yamls") byte[] content) {
        holds("run.yaml", content);
    }

    @Property(tries = Bounded.LONG_TRIES)
    @AddLifecycleHook(Bounded.LongVersion.class)
    void tiffLong(@ForAll("tiffs") byte[] content) {
        holds("image.tiff", content);
    }

    @Property(tries = Bounded.LONG_TRIES)
    @AddLifecycleHook(Bounded.LongVersion.class)
    void mrcLong(@ForAll("mrcs") byte[] content) {
        holds("tomo.mrc", content);
    }

    @Property(tries = Bounded.LONG_TRIES)
    @AddLifecycleHook(Bounded.LongVersion.class)
    void npyLong(@ForAll("npys") byte[] content) {
        holds("illum.npy", content);
    }

    @Property(tries = Bounded.LONG_TRIES)
    @AddLifecycleHook(Bounded.LongVersion.class)
    void gzipLong(@ForAll("gzips") byte[] content) {
        holds("matrix.mtx.gz", content);
    }

    @Provide
    Arbitrary<byte[]> tsvs() {
        return Mutations.of(List.of(utf8("AAAC-1\nAAAG-1\n"), utf8("G1\tgene1\tGene Expression\nG2\tgene2\tGene"
                + " Expression\n"), utf8("id\ta\tb\r\n1\t2\t3\r\n")));
    }

    @Provide
    Arbitrary<byte[]> csvs() {
        return Mutations.of(List.of(utf8("Metadata_Plate,Metadata_Well,URL_OrigDNA\nBR1,A01,s3://x/a.tiff\n"
                + "BR1,A02,\"s3://x/b,1.tiff\"\n"), utf8("a,b\n1,2\n")));
    }

    @Provide
    Arbitrary<byte[]> mtxs() {
        return Mutations.of(List.of(utf8(MTX), utf8("%%MatrixMarket matrix array real general\n2 2\n1\n2\n3\n4\n")));
    }

    @Provide
    Arbitrary<byte[]> jsons() {
        return Mutations.of(List.of(utf8("{\"schema_version\":\"1.0.0\",\"data_level\":\"raw\",\"n\":[1,2.5e3,null]}"),
                utf8("{\"cellSets\":[{\"key\":\"louvain\",\"children\":[]},{\"key\":\"sample\"}]}"), utf8("[]")));
    }

    @Provide
    Arbitrary<byte[]> yamls() {
        return Mutations.of(List.of(utf8("deposition:\n  id: 10000\n  authors:\n    - name: A\n      orcid: x\n"
                + "runs: [a, b]\nanchor: &x {k: v}\nalias: *x\n")));
    }

    @Provide
    Arbitrary<byte[]> tiffs() {
        return Mutations.of(List.of(Fixtures.tiff(4, 3, 3), Fixtures.tiff(2, 2, 1), Fixtures.tiffLoop(1)));
    }

    @Provide
    Arbitrary<byte[]> mrcs() {
        return Mutations.of(List.of(Fixtures.mrc(8, 6, 4, 107.84f, 0), Fixtures.mrc(2, 2, 2, 10f, 16)));
    }

    @Provide
    Arbitrary<byte[]> npys() {
        return Mutations.of(List.of(Fixtures.npy(3, 4), Fixtures.npy(2)));
    }

    @Provide
    Arbitrary<byte[]> gzips() {
        return Mutations.of(List.of(Fixtures.gzip(MTX), Fixtures.gzip("%%MatrixMarket matrix coordinate real general\n"
                + "1 1 1\n1 1 0.5\n")));
    }
}
