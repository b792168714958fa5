package io.bucketbrigade.jobs;

import java.util.Map;

import org.springframework.jmx.export.annotation.ManagedAttribute;
import org.springframework.jmx.export.annotation.ManagedOperation;
import org.springframework.jmx.export.annotation.ManagedOperationParameter;
import org.springframework.jmx.export.annotation.ManagedOperationParameters;
import org.springframework.jmx.export.annotation.ManagedResource;
import org.springframework.stereotype.Component;

/** Jobs over JMX: {@code io.bucketbrigade:type=Jobs}. */
@Component
@ManagedResource(objectName = "io.bucketbrigade:type=Jobs", description = "Reconcile, verify, promote, re-drive")
public class JobsJmx {

    private final Jobs jobs;

    public JobsJmx(Jobs jobs) {
        this.jobs = jobs;
    }

    @ManagedAttribute(description = "The jobs, each with its state: 'name enabled|off running|idle'")
    public String[] getJobs() {
        return jobs.names().stream().map(name -> name + " " + (jobs.enabled(name) ? "enabled" : "off") + " "
                + jobs.running(name).map(r -> "running " + r.view().get("done") + "/" + r.view().get("total"))
                .orElse("idle")).toArray(String[]::new);
    }

    @ManagedOperation(description = "Run a job now and wait for it; a dry run lists what it would do")
    @ManagedOperationParameters({
            @ManagedOperationParameter(name = "name", description = "the job"),
            @ManagedOperationParameter(name = "dryRun", description = "list the operations, write nothing")})
    public String run(String name, boolean dryRun) {
        Map<String, Object> view = jobs.run(name, "jmx", dryRun, Map.of()).view();
        return view.get("state") + ": " + view.get("operationCount") + " operation(s), " + view.get("done")
                + " item(s), errors " + view.get("errors") + ", result " + view.get("result")
                + (dryRun ? "\n" + String.join("\n", (java.util.List<String>) view.get("operations")) : "");
    }
}
