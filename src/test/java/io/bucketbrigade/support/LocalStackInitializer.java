package io.bucketbrigade.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.camel.impl.DefaultCamelContext;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points a test server at the shared local stack, the same way ./run-local does (the {@code local} profile with
 * port variables), gives it its own copy of routes/ (tests may edit it) and a free JMX port.
 */
public class LocalStackInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        // @CamelSpringBootTest turns Camel's JMX off for every test (it reads @DisableJmx only on the test class
        // itself, not through @BrigadeServerTest); operators' tools need it, so a server test runs with it on
        DefaultCamelContext.setDisableJmx(false);
        LocalStackProcess stack = SharedLocalStack.get();
        Map<String, Object> properties = new HashMap<>(stack.ports().asEnvironment());
        properties.put("brigade.routes.directory", copyOfRoutes().toString());
        properties.put("brigade.ops.jmx.port", LocalStackProcess.freePort());
        context.getEnvironment().getPropertySources()
                .addFirst(new MapPropertySource("brigade-test-stack", properties));
    }

    private static Path copyOfRoutes() {
        try {
            Path target = Files.createTempDirectory("brigade-test-routes");
            try (Stream<Path> files = Files.list(LocalStackProcess.repoDir().resolve("routes"))) {
                for (Path file : files.toList()) {
                    Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
