package io.bucketbrigade.localstack;

/** One local stand-in. start() returns once the service accepts connections; stop() is safe to call at any time. */
interface Service {

    /** Short name used in the ready line and in messages: s3, dynamodb, sqs, mongodb. */
    String name();

    int port();

    /** The endpoint a client uses. */
    String url();

    void start() throws Exception;

    void stop() throws Exception;
}
