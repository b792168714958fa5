package io.bucketbrigade.localstack;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.elasticmq.server.ElasticMQServer;
import org.elasticmq.server.config.ElasticMQServerConfig;
import scala.Function0;

/**
 * SQS through ElasticMQ's server, with its SQL message storage on an H2 file: queues (with their attributes)
 * and messages survive a restart.
 */
final class SqsService implements Service {

    static final String REGION = "us-east-1";
    static final String ACCOUNT_ID = "000000000000";

    private final String host;
    private final int port;
    private final Path dir;
    private Function0<?> shutdown;

    SqsService(String host, int port, Path dir) {
        this.host = host;
        this.port = port;
        this.dir = dir;
    }

    @Override
    public String name() {
        return "sqs";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String url() {
        return "http://" + LocalStack.hostForUrl(host) + ":" + port;
    }

    @Override
    public void start() throws Exception {
        Files.createDirectories(dir);
        Map<String, Object> settings = new HashMap<>();
        settings.put("rest-sqs.enabled", true);
        settings.put("rest-sqs.bind-hostname", host);
        settings.put("rest-sqs.bind-port", port);
        // the address written into queue URLs
        settings.put("generate-node-address", false);
        settings.put("node-address.protocol", "http");
        settings.put("node-address.host", LocalStack.hostForUrl(host));
        settings.put("node-address.port", port);
        settings.put("node-address.context-path", "");
        settings.put("aws.region", REGION);
        settings.put("aws.accountId", ACCOUNT_ID);
        // queues and messages in H2; closed by stop(), not by H2's own shutdown hook
        settings.put("messages-storage.enabled", true);
        settings.put("messages-storage.driver-class", "org.h2.Driver");
        settings.put("messages-storage.uri", "jdbc:h2:file:" + dir.resolve("elasticmq") + ";DB_CLOSE_ON_EXIT=FALSE");
        settings.put("messages-storage.prune-data-on-init", false);
        Config config = ConfigFactory.parseMap(settings).withFallback(ConfigFactory.load());
        shutdown = new ElasticMQServer(new ElasticMQServerConfig(config)).start();
    }

    @Override
    public void stop() throws Exception {
        if (shutdown != null) {
            shutdown.apply();
            shutdown = null;
        }
        scalikejdbc.ConnectionPool.closeAll();
    }
}
