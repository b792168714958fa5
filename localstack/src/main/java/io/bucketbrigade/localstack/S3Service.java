package io.bucketbrigade.localstack;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * S3 through S3Proxy's filesystem blob store: one folder per bucket under the data folder, whose listings show only
 * complete objects, as S3's do ({@link CompleteObjectsOnly}).
 */
final class S3Service implements Service {

    static final String IDENTITY = "test";
    static final String CREDENTIAL = "test";

    private final String host;
    private final int port;
    private final Path dir;
    private S3Proxy proxy;

    S3Service(String host, int port, Path dir) {
        this.host = host;
        this.port = port;
        this.dir = dir;
    }

    @Override
    public String name() {
        return "s3";
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
        proxy = S3Proxy.builder()
                .blobStore(new CompleteObjectsOnly(new FilesystemNio2BlobStore(dir.toString())))
                .endpoint(URI.create(url()))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, IDENTITY, CREDENTIAL)
                .build();
        proxy.start();
    }

    @Override
    public void stop() throws Exception {
        if (proxy != null) {
            proxy.stop();
            proxy = null;
        }
    }
}
