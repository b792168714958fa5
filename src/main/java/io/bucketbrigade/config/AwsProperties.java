package io.bucketbrigade.config;

import java.net.URI;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How the server reaches AWS. With no endpoints and no keys (the {@code aws} profile) the SDK's default
 * region and credentials chains apply; the {@code local} profile points every client at the local stack.
 */
@Validated
@ConfigurationProperties("brigade.aws")
public record AwsProperties(
        @NotBlank String region,
        Endpoints endpoints,
        String accessKey,
        String secretKey,
        boolean forcePathStyle) {

    public AwsProperties {
        endpoints = endpoints == null ? new Endpoints(null, null, null) : endpoints;
    }

    /** Endpoint overrides; null means the real AWS endpoint for the region. */
    public record Endpoints(URI s3, URI dynamodb, URI sqs) {}

    public boolean hasStaticCredentials() {
        return accessKey != null && !accessKey.isBlank() && secretKey != null && !secretKey.isBlank();
    }
}
