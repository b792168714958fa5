package io.bucketbrigade.queues;

/**
 * One message of an SQS receive, as the route that handles the receive sees it: what it says, and what deleting it
 * or keeping it invisible takes.
 *
 * @param queue         the queue's name (brigade.queues.&lt;name&gt;.name)
 * @param messageId     SQS's id of the message, to tell it apart in the batch requests and the log
 * @param receiptHandle the handle of this receipt, which DeleteMessageBatch and ChangeMessageVisibilityBatch take
 * @param body          the message's body
 */
public record ReceivedMessage(String queue, String messageId, String receiptHandle, String body) {

    /** A message body on one line, cut to {@code length} characters, for a log line or an error message. */
    public static String excerpt(String body, int length) {
        String line = body == null ? "" : body.strip().replaceAll("\\s+", " ");
        return line.length() <= length ? line : line.substring(0, length) + "…";
    }
}
