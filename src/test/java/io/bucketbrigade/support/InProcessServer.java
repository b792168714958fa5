package io.bucketbrigade.support;

import java.util.LinkedHashMap;
import java.util.Map;

import io.bucketbrigade.BucketBrigadeApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A whole server started in the test's JVM (as {@link BrigadeServerTest} starts one, with the same settings), for
 * tests that stop and start servers themselves: a restart, or two servers at once. Two at once must not share
 * JMX names: give the second {@code --camel.main.name=…}, {@code --spring.jmx.enabled=false} and
 * {@code --brigade.ops.jmx.enabled=false}.
 */
public final class InProcessServer implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private InProcessServer(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Starts a server in the {@code local} profile on the shared local stack; {@code args} as on a command line. */
    public static InProcessServer start(String... args) {
        Map<String, String> all = new LinkedHashMap<>(Map.of("server.port", "0", "spring.jmx.enabled", "true",
                "camel.main.shutdown-timeout", "2", "brigade.consumers.wait-time-seconds", "1",
                "brigade.jobs.scheduling", "false"));
        for (String arg : args) {
            int equals = arg.indexOf('=');
            all.put(arg.substring(2, equals), arg.substring(equals + 1)); // a given --name=value replaces ours
        }
        return new InProcessServer(new SpringApplicationBuilder(BucketBrigadeApplication.class).profiles("local")
                .initializers(new LocalStackInitializer()).run(all.entrySet().stream()
                        .map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new)));
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public int httpPort() {
        return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    public int jmxPort() {
        return context.getEnvironment().getRequiredProperty("brigade.ops.jmx.port", Integer.class);
    }

    /** Requests to this server's API. */
    public TestRestTemplate http() {
        return new TestRestTemplate(new RestTemplateBuilder().rootUri("http://127.0.0.1:" + httpPort()));
    }

    @Override
    public void close() {
        context.close();
    }
}
