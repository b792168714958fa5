package io.bucketbrigade.ingest.content;

import static io.bucketbrigade.support.Fixtures.utf8;

import java.util.List;

import io.bucketbrigade.support.Bounded;
import io.bucketbrigade.support.Fixtures;
import io.bucketbrigade.support.Mutations;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * The ingest hop's content checks on generated bad input, fed in chunks of any size: the content passes or is
 * refused with a rule ({@link ContentRejectedException}), never another exception, within {@link Bounded}'s time
 * and memory. {@code -Dbrigade.properties.long=true} runs 100,000 cases a check.
 */
class ContentCheckPropertiesTest {

    static final int TRIES = 150;

    static void holds(ContentCheck check, byte[] content, int chunk) {
        Bounded.call(() -> {
            try {
                ContentCheck.Inspection inspection = check.start("file");
                for (int at = 0; at < content.length; at += chunk) {
                    inspection.update(content, at, Math.min(chunk, content.length - at));
                }
                inspection.finish(content.length);
                return inspection.found();
            } catch (ContentRejectedException refused) {
                return refused.rule();
            }
        });
    }

    @Property(tries = TRIES)
    void json(@ForAll("jsons") byte[] content, @ForAll @IntRange(min = 1, max = 9000) int chunk) {
        holds(new JsonCheck(), content, chunk);
    }

    @Property(tries = TRIES)
    void matrixMarket(@ForAll("mtxs") byte[] content, @ForAll @IntRange(min = 1, max = 9000) int chunk) {
        holds(new MatrixMarketCheck(), content, chunk);
    }

    @Property(tries = TRIES)
    void mrc(@ForAll("mrcs") byte[] content, @ForAll @IntRange(min = 1, max = 9000) int chunk) {
        holds(new MrcCheck(), content, chunk);
    }

    @Property(tries = Bounded.LONG_TRIES)
    @AddLifecycleHook(Bounded.LongVersion.class)
    void jsonLong(@ForAll("jsons") byte[] content, @ForAll @IntRange(min = 1, max = 9000) int chunk) {
        holds(new JsonCheck(), content, chunk);
    }

    @Property(tries = Bounded.LONG_TRIES)
    @AddLifecycleHook(Bounded.LongVersion.class)
    void matrixMarketLong(@ForAll("mtxs") byte[] content, @ForAll @IntRange(min = 1, max = 9000) int chunk) {
        holds(new MatrixMarketCheck(), content, chunk);
    }

    @Property(tries = Bounded.LONG_TRIES)
    @AddLifecycleHook(Bounded.LongVersion.class)
    void mrcLong(@ForAll("mrcs") byte[] content, @ForAll @IntRange(min = 1, max = 9000) int chunk) {
        holds(new MrcCheck(), content, chunk);
    }

    @Provide
    Arbitrary<byte[]> jsons() {
        return Mutations.of(List.of(utf8("{\"subject_id\":\"123\",\"genotype\":\"wt\",\"n\":[1,2.5e3,null,true]}"),
                utf8("[{\"a\":{\"b\":[]}}]")));
    }

    @Provide
    Arbitrary<byte[]> mtxs() {
        return Mutations.of(List.of(utf8("%%MatrixMarket matrix coordinate integer general\n%c\n2 3 1\n1 1 5\n")));
    }

    @Provide
    Arbitrary<byte[]> mrcs() {
        return Mutations.of(List.of(Fixtures.mrc(8, 6, 4, 107.84f, 0)));
    }
}
