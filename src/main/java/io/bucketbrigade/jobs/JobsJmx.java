package io.bucketbrigade.jobs;

import java.util.LinkedHashMap;
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
        return summary(jobs.run(name, "jmx", dryRun, Map.of()));
    }

    /** The outcome on a few lines, then (for a dry run) the planned operations, one per line. */
    private static String summary(JobRun run) {
        Map<String, Object> view = run.view();
        return view.get("state") + ": " + view.get("operationCount") + " operation(s), " + view.get("done")
                + " item(s), errors " + view.get("errors") + ", result " + view.get("result")
                + (run.dryRun() ? "\n" + String.join("\n", run.operations().lines()) : "");
    }

    @ManagedOperation(description = "Run a job now with parameters (name=value, comma-separated) and wait for it")
    @ManagedOperationParameters({
            @ManagedOperationParameter(name = "name", description = "the job"),
            @ManagedOperationParameter(name = "dryRun", description = "list the operations, write nothing"),
            @ManagedOperationParameter(name = "parameters", description = "e.g. dataset=E1,deep=false")})
    public String runWith(String name, boolean dryRun, String parameters) {
        Map<String, String> given = new LinkedHashMap<>();
        if (parameters != null && !parameters.isBlank()) {
            for (String pair : parameters.split(",")) {
                int equals = pair.indexOf('=');
                if (equals < 1) {
                    throw new IllegalArgumentException("'" + pair.strip() + "' is not name=value");
                }
                given.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
            }
        }
        return summary(jobs.run(name, "jmx", dryRun, given));
    }

    @ManagedOperation(description = "Switch a job on or off on every instance, restarts included, until switched"
            + " again")
    @ManagedOperationParameters({
            @ManagedOperationParameter(name = "name", description = "the job"),
            @ManagedOperationParameter(name = "on", description = "true: on, false: off")})
    public String switchTo(String name, boolean on) {
        jobs.switchTo(name, on, "jmx");
        return name + " " + (on ? "on" : "off");
    }
}
