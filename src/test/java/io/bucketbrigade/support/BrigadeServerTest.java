package io.bucketbrigade.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * A whole server on a random HTTP port, in the {@code local} profile, against the shared local stack over real
 * sockets, with what operators use switched on as in production: Spring and Camel JMX and the Prometheus
 * registry (Spring Boot's test support turns all three off by default; {@link LocalStackInitializer} undoes
 * Camel's). Each test class gets its own server, closed after the class: servers share the JVM's MBean server,
 * so two at once would clash on their JMX names.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"spring.jmx.enabled=true",
        // a route stop, a rebuild and the server's own stop wait for the queue consumers' receives in progress:
        // a test server's wait for a message on an empty queue is short (the server's is 10 s)
        "brigade.consumers.wait-time-seconds=1",
        // jobs run when a test asks: a cron firing in the middle of a test would change what it sees
        "brigade.jobs.scheduling=false"})
@AutoConfigureObservability
@ActiveProfiles("local")
@ContextConfiguration(initializers = LocalStackInitializer.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
public @interface BrigadeServerTest {
}
