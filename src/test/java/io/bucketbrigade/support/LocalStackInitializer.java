package io.bucketbrigade.support;

import java.util.HashMap;
import java.util.Map;

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
        properties.put("brigade.routes.directory", TemporaryFolders.copyOf("routes").toString());
        properties.put("server.tomcat.basedir", TemporaryFolders.create("brigade-test-tomcat").toString());
        properties.put("brigade.ops.jmx.port", LocalStackProcess.freePort());
        context.getEnvironment().getPropertySources()
                .addFirst(new MapPropertySource("brigade-test-stack", properties));
    }
}
