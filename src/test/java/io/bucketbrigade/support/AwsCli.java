package io.bucketbrigade.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The real AWS CLI v2 from Debian (/usr/bin/aws), pointed at a local stack, as a user would run it. */
public final class AwsCli {

    public static final String PATH = "/usr/bin/aws";

    private final LocalStackProcess.Ports ports;

    public AwsCli(LocalStackProcess.Ports ports) {
        this.ports = ports;
    }

    public String s3(String... args) {
        return run(ports.s3(), "s3", args);
    }

    public String s3api(String... args) {
        return run(ports.s3(), "s3api", args);
    }

    public String dynamodb(String... args) {
        return run(ports.dynamodb(), "dynamodb", args);
    }

    public String sqs(String... args) {
        return run(ports.sqs(), "sqs", args);
    }

    /** Runs one command and returns its output; fails the test when it exits non-zero. */
    private static String run(int port, String service, String... args) {
        List<String> command = new ArrayList<>(List.of(PATH, "--endpoint-url", "http://127.0.0.1:" + port, service));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test",
                "AWS_DEFAULT_REGION", "us-east-1", "AWS_PAGER", ""));
        try {
            Process aws = builder.start();
            String output = new String(aws.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(aws.waitFor(300, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
            assertThat(aws.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
