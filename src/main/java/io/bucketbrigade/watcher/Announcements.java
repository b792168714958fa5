package io.bucketbrigade.watcher;

import java.util.List;

/**
 * Objects found by one listing page that go to the same queue, at most {@link #MAX} of them: what one SQS
 * SendMessageBatch request carries and one DynamoDB BatchWriteItem remembers.
 */
public record Announcements(String queue, List<Announcement> objects) {

    /** SQS takes at most ten messages in one batch. */
    public static final int MAX = 10;

    public Announcements {
        objects = List.copyOf(objects);
        if (objects.isEmpty() || objects.size() > MAX) {
            throw new IllegalArgumentException("a batch has 1 to " + MAX + " objects, not " + objects.size());
        }
    }
}
