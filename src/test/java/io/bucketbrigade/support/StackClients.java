package io.bucketbrigade.support;

import java.net.URI;
import java.time.Duration;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/** AWS SDK clients for a local stack, for tests that run without a server. */
public final class StackClients implements AutoCloseable {

    private final S3Client s3;
    private final DynamoDbClient dynamoDb;
    private final SqsClient sqs;

    public StackClients(LocalStackProcess stack) {
        this(stack, new RequestLog());
    }

    /** Clients whose every request is recorded in {@code requests}, for tests that count what is asked. */
    public StackClients(LocalStackProcess stack, RequestLog requests) {
        // a CopyObject of GiBs (LargePromoteIT) answers only once the copy is done: minutes on a loaded machine
        this.s3 = local(S3Client.builder(), stack.s3(), requests).forcePathStyle(true)
                .httpClientBuilder(ApacheHttpClient.builder().socketTimeout(Duration.ofMinutes(5))).build();
        this.dynamoDb = local(DynamoDbClient.builder(), stack.dynamodb(), requests).build();
        this.sqs = local(SqsClient.builder(), stack.sqs(), requests).build();
    }

    private static <B extends AwsClientBuilder<B, ?>> B local(B builder, URI endpoint, RequestLog requests) {
        return builder.endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(o -> o.addExecutionInterceptor(requests));
    }

    public S3Client s3() {
        return s3;
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    public SqsClient sqs() {
        return sqs;
    }

    @Override
    public void close() {
        s3.close();
        dynamoDb.close();
        sqs.close();
    }
}
