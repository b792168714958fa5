package io.bucketbrigade.profiles;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.bucketbrigade.support.Bounded;
import io.bucketbrigade.support.LocalStackProcess;
import io.bucketbrigade.support.Mutations;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Profile files generated from the shipped ones, mutated: a profile, or a {@link ProfileException} naming the file
 * and what is wrong, never another exception, within {@link Bounded}'s time and memory.
 * {@code -Dbrigade.properties.long=true} runs 100,000 cases.
 */
class ProfileLoaderPropertiesTest {

    final ProfileLoader loader = new ProfileLoader(Map.of("json", Set.of(), "mrc", Set.of("voxelSpacing"),
            "matrix-market", Set.of()), Set.of("tenx", "aind", "cellpainting", "cryoet"));

    void holds(String yaml) {
        Bounded.call(() -> {
            try {
                return loader.load("generic.yaml", yaml);
            } catch (ProfileException refused) {
                return refused.getMessage();
            }
        });
    }

    @Property(tries = 300)
    void profiles(@ForAll("files") String yaml) {
        holds(yaml);
    }

    @Property(tries = Bounded.LONG_TRIES)
    @AddLifecycleHook(Bounded.LongVersion.class)
    void profilesLong(@ForAll("files") String yaml) {
        holds(yaml);
    }

    @Provide
    Arbitrary<String> files() throws IOException {
        var folder = LocalStackProcess.repoDir().resolve("profiles");
        return Mutations.ofText(List.of(Files.readString(folder.resolve("generic.yaml")),
                Files.readString(folder.resolve("tenx.yaml")), Files.readString(folder.resolve("cryoet.yaml"))));
    }
}
