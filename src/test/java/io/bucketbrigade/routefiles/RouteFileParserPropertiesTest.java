package io.bucketbrigade.routefiles;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import io.bucketbrigade.support.Bounded;
import io.bucketbrigade.support.LocalStackProcess;
import io.bucketbrigade.support.Mutations;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Route files generated from the shipped ones, mutated: routes, or a {@link RouteFileException} naming what is
 * wrong, never another exception, within {@link Bounded}'s time and memory. Fewer cases than the byte readers:
 * each builds Camel route definitions. {@code -Dbrigade.properties.long=true} runs 100,000 cases.
 */
class RouteFileParserPropertiesTest {

    static final DefaultCamelContext CAMEL = new DefaultCamelContext();

    final RouteFileParser parser = new RouteFileParser(CAMEL, "shared-errors");

    void holds(String yaml) {
        Bounded.call(() -> {
            try {
                return parser.parse("generated.camel.yaml", yaml);
            } catch (RouteFileException refused) {
                return refused.getMessage();
            }
        });
    }

    @Property(tries = 100)
    void routeFiles(@ForAll("files") String yaml) {
        holds(yaml);
    }

    @Property(tries = Bounded.LONG_TRIES)
    @AddLifecycleHook(Bounded.LongVersion.class)
    void routeFilesLong(@ForAll("files") String yaml) {
        holds(yaml);
    }

    @Provide
    Arbitrary<String> files() throws IOException {
        var folder = LocalStackProcess.repoDir().resolve("routes");
        return Mutations.ofText(List.of(Files.readString(folder.resolve("error-handling.camel.yaml")),
                Files.readString(folder.resolve("heartbeat.camel.yaml"))));
    }
}
