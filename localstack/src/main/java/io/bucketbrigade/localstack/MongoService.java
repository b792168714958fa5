package io.bucketbrigade.localstack;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.nio.file.Files;
import java.nio.file.Path;

/** The MongoDB wire protocol through mongo-java-server, stored in one H2 MVStore file. */
final class MongoService implements Service {

    private final String host;
    private final int port;
    private final Path file;
    private MongoServer server;

    MongoService(String host, int port, Path file) {
        this.host = host;
        this.port = port;
        this.file = file;
    }

    @Override
    public String name() {
        return "mongodb";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String url() {
        return "mongodb://" + LocalStack.hostForUrl(host) + ":" + port;
    }

    @Override
    public void start() throws Exception {
        Files.createDirectories(file.getParent());
        server = new MongoServer(new H2Backend(file.toString()));
        server.bind(host, port);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.shutdown();
            server = null;
        }
    }
}
