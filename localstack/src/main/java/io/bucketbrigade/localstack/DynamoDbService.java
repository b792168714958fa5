package io.bucketbrigade.localstack;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.LoggerFactory;

/** DynamoDB Local with one shared sqlite database (any access key and region sees the same tables). */
final class DynamoDbService implements Service {

    private final String host;
    private final int port;
    private final Path dir;
    private DynamoDBProxyServer server;

    DynamoDbService(String host, int port, Path dir) {
        this.host = host;
        this.port = port;
        this.dir = dir;
    }

    @Override
    public String name() {
        return "dynamodb";
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
        server = ServerRunner.createServerFromCommandLineArgs(new String[] {
            "-port", Integer.toString(port), "-dbPath", dir.toString(), "-sharedDb", "-disableTelemetry"});
        bindToHost(server);
        server.start();
    }

    /** DynamoDB Local has no option for the listen address and binds every interface: narrow its Jetty connector. */
    private void bindToHost(DynamoDBProxyServer proxyServer) {
        try {
            Field field = DynamoDBProxyServer.class.getDeclaredField("server");
            field.setAccessible(true);
            for (Connector connector : ((Server) field.get(proxyServer)).getConnectors()) {
                ((ServerConnector) connector).setHost(host);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LoggerFactory.getLogger(DynamoDbService.class)
                    .warn("DynamoDB Local listens on all interfaces: could not restrict it to {} ({})", host, e.toString());
        }
    }

    @Override
    public void stop() throws Exception {
        if (server != null) {
            server.stop();
            server = null;
        }
    }
}
