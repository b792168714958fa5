package io.bucketbrigade.queues;

import java.util.Map;

import io.bucketbrigade.jobs.Job;
import io.bucketbrigade.jobs.JobRun;
import org.springframework.stereotype.Component;

/**
 * Re-drives dead letters back to their queue: all, or those whose body or reason contains {@code filter}. A letter
 * whose work is done by now (see {@link LetterWork}) is deleted instead: sending it again would do nothing.
 */
@Component
class RedriveJob implements Job {

    private final DeadLetterQueues deadLetters;

    RedriveJob(DeadLetterQueues deadLetters) {
        this.deadLetters = deadLetters;
    }

    @Override
    public String name() {
        return "redrive";
    }

    @Override
    public String description() {
        return "Sends dead letters back to their queue, drops those whose work is done (parameters queue, filter,"
                + " limit)";
    }

    @Override
    public void check(Map<String, String> parameters) {
        String queue = parameters.get("queue");
        if (queue != null && !queue.isBlank() && !deadLetters.queues().contains(queue)) {
            throw new IllegalArgumentException("No queue '" + queue + "' (queues: " + deadLetters.queues() + ")");
        }
        String limit = parameters.getOrDefault("limit", "1000");
        if (!limit.matches("[1-9]\\d{0,6}")) {
            throw new IllegalArgumentException("limit '" + limit + "' is not a number from 1 to 9999999");
        }
    }

    @Override
    public void run(JobRun run) {
        var done = deadLetters.redrive(run.parameter("queue", null), run.parameter("filter", null),
                Integer.parseInt(run.parameter("limit", "1000")), run.operations());
        int letters = done.redriven().size() + done.dropped().size();
        for (int i = 0; i < letters; i++) {
            run.step();
        }
        run.total(letters);
        run.result("messages", done.redriven().size());
        run.result("dropped", done.dropped().size());
    }
}
