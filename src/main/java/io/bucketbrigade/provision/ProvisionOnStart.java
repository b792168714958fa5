package io.bucketbrigade.provision;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

import com.mongodb.client.MongoClient;

import io.bucketbrigade.config.Background;
import io.bucketbrigade.config.BrigadeProperties;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Provisions the configured resources before Camel starts its routes. When a service does not answer yet, the
 * server still starts (routes are retried by the supervising route controller) and provisioning is retried in
 * the background until it succeeds.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
@ConditionalOnProperty(name = "brigade.provision.enabled", havingValue = "true")
class ProvisionOnStart implements CamelContextConfiguration, DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(ProvisionOnStart.class);

    private final Provisioner provisioner;
    private final Duration retryDelay;
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile ScheduledExecutorService retries;

    ProvisionOnStart(BrigadeProperties names, S3Client s3, DynamoDbClient dynamoDb, SqsClient sqs, MongoClient mongo,
            @Value("${brigade.provision.retry-delay:10s}") Duration retryDelay) {
        this.provisioner = new Provisioner(names, s3, dynamoDb, sqs, mongo);
        this.retryDelay = retryDelay;
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        retries = Background.untilDone("brigade-provisioning", retryDelay, this::attempt);
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        // nothing to do once routes run
    }

    private boolean attempt() {
        try {
            List<String> created = provisioner.provision();
            done.set(true);
            LOG.info(created.isEmpty() ? "Provisioning: every bucket, table, queue and collection exists"
                    : "Provisioning created: {}", created);
        } catch (RuntimeException e) {
            LOG.warn("Provisioning failed, retrying in {}: {}", retryDelay, e.toString());
        }
        return done.get();
    }

    boolean isDone() {
        return done.get();
    }

    @Override
    public void destroy() {
        if (retries != null) {
            retries.shutdownNow();
        }
    }
}
