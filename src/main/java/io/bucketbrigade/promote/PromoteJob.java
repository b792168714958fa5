package io.bucketbrigade.promote;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.bucketbrigade.jobs.Job;
import io.bucketbrigade.jobs.JobRun;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes every dataset whose gate is open and whose processed state is not published yet (or one dataset):
 * each goes through the promote hop's own flow ({@code direct:promote-dataset}), as a message of the promote queue
 * would, e.g. after approvals or an outage. The dry run lists the copies, manifests and deletes it would make.
 */
@Component
class PromoteJob implements Job {

    static final String FLOW = "direct:promote-dataset";

    private final PromoteGate gate;
    private final ProducerTemplate camel;

    PromoteJob(PromoteGate gate, ProducerTemplate camel) {
        this.gate = gate;
        this.camel = camel;
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
            datasets.addAll(gate.validDatasets());
        }
        run.total(datasets.size());
        Map<String, String> outcomes = new TreeMap<>();
        for (String dataset : datasets) {
            try {
                Object outcome = camel.requestBody(FLOW, new PromoteRequest(dataset.strip(), run.operations()));
                outcomes.put(dataset, outcome instanceof PromoteOutcome o ? o.outcome() : String.valueOf(outcome));
            } catch (CamelExecutionException e) {
                run.error("dataset " + dataset + ": " + (e.getCause() == null ? e : e.getCause()).getMessage());
            } catch (RuntimeException e) {
                run.error("dataset " + dataset + ": " + e.getMessage());
            }
            run.step();
        }
        run.result("datasets", outcomes);
    }
}
