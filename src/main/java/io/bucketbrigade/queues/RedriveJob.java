package io.bucketbrigade.queues;

import io.bucketbrigade.jobs.Job;
import io.bucketbrigade.jobs.JobRun;
import org.springframework.stereotype.Component;

/** Re-drives dead letters back to their queue: all, or those whose body or reason contains {@code filter}. */
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
        return "Sends dead letters back to their queue (parameters queue, filter, limit)";
    }

    @Override
    public void run(JobRun run) {
        var redriven = deadLetters.redrive(run.parameter("queue", null), run.parameter("filter", null),
                Integer.parseInt(run.parameter("limit", "1000")), run.operations());
        redriven.forEach(letter -> run.step());
        run.total(redriven.size());
        run.result("messages", redriven.size());
    }
}
