package io.bucketbrigade.config;

import java.net.URI;

import io.bucketbrigade.metrics.AwsRequestMeter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * One client per AWS service. Camel's aws2 components pick these beans up from the registry (autowiring), so
 * endpoints, region and credentials are configured here and nowhere else. Every request is counted
 * ({@link AwsRequestMeter}).
 */
@Configuration(proxyBeanMethods = false)
class AwsClientsConfiguration {

    private final AwsProperties aws;
    private final AwsRequestMeter requests;

    AwsClientsConfiguration(AwsProperties aws, MeterRegistry meters) {
        this.aws = aws;
        this.requests = new AwsRequestMeter(meters);
    }

    @Bean(destroyMethod = "close")
    S3Client s3Client() {
        return configure(S3Client.builder(), aws.endpoints().s3())
                .forcePathStyle(aws.forcePathStyle())
                .build();
    }

    @Bean(destroyMethod = "close")
    DynamoDbClient dynamoDbClient() {
        return configure(DynamoDbClient.builder(), aws.endpoints().dynamodb()).build();
    }

    @Bean(destroyMethod = "close")
    SqsClient sqsClient() {
        return configure(SqsClient.builder(), aws.endpoints().sqs()).build();
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder, URI endpoint) {
        builder.region(Region.of(aws.region())).credentialsProvider(credentials())
                .overrideConfiguration(o -> o.addExecutionInterceptor(requests));
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder;
    }

    private AwsCredentialsProvider credentials() {
        if (aws.hasStaticCredentials()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(aws.accessKey(), aws.secretKey()));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
