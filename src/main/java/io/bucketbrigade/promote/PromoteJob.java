package io.bucketbrigade.promote;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.jobs.Job;
import io.bucketbrigade.jobs.JobRun;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Publishes every dataset whose gate is open and whose processed state is not published yet (or one dataset):
 * what the promote hop does per message, for all at once, e.g. after approvals or an outage. The dry run lists the
 * copies, manifests and deletes it would make.
 */
@Component
class PromoteJob implements Job {

    private final Promoter promoter;
    private final DynamoDbClient dynamoDb;
    private final String experiments;

    PromoteJob(Promoter promoter, DynamoDbClient dynamoDb, BrigadeProperties names) {
        this.promoter = promoter;
        this.dynamoDb = dynamoDb;
        this.experiments = names.tables().get("experiments").name();
    }

    @Override
    public String name() {
        return "promote";
    }

    @Override
    public String description() {
        return "Publishes the datasets whose gate is open (parameter dataset: only that one)";
    }

    @Override
    public void run(JobRun run) {
        List<String> datasets = new ArrayList<>();
        String only = run.parameter("dataset", null);
        if (only != null) {
            datasets.add(only);
        } else {
            dynamoDb.scanPaginator(s -> s.tableName(experiments).projectionExpression("experimentId, #s")
                            .expressionAttributeNames(Map.of("#s", "status"))).items().stream()
                    .filter(item -> "Valid".equals(Promoter.status(item, "processed")))
                    .map(item -> item.get("experimentId").s()).sorted().forEach(datasets::add);
        }
        run.total(datasets.size());
        Map<String, String> outcomes = new TreeMap<>();
        for (String dataset : datasets) {
            try {
                outcomes.put(dataset, promoter.promote(dataset, null, run.operations()));
            } catch (RuntimeException e) {
                run.error("dataset " + dataset + ": " + e.getMessage());
            }
            run.step();
        }
        run.result("datasets", outcomes);
    }
}
