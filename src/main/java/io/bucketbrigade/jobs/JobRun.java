package io.bucketbrigade.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One run of a job: its parameters, its operations (dry run or not), its progress (done of total, rate), the
 * errors of single records (which never stop the run) and its result.
 */
public class JobRun {

    private final String id;
    private final String job;
    private final String trigger;
    private final Map<String, String> parameters;
    private final Operations operations;
    private final Instant started = Instant.now();
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong total = new AtomicLong(-1);
    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Object> result = Collections.synchronizedMap(new LinkedHashMap<>());
    private volatile Instant finished;
    private volatile String state = "RUNNING";
    private volatile String stopped;

    JobRun(String id, String job, String trigger, boolean dryRun, Map<String, String> parameters) {
        this.id = id;
        this.job = job;
        this.trigger = trigger;
        this.parameters = Map.copyOf(parameters);
        this.operations = new Operations(dryRun);
    }

    public String parameter(String name, String absent) {
        return parameters.getOrDefault(name, absent);
    }

    public Operations operations() {
        return operations;
    }

    public boolean dryRun() {
        return operations.dryRun();
    }

    /** How many items the run will go through (when known). */
    public void total(long items) {
        total.set(items);
    }

    public void addToTotal(long items) {
        total.accumulateAndGet(items, (a, b) -> Math.max(0, a) + b);
    }

    /** One more item done. */
    public void step() {
        String why = stopped;
        if (why != null) {
            throw new IllegalStateException("Run stopped after " + done.get() + " step(s): " + why);
        }
        done.incrementAndGet();
    }

    /** Stops the run at its next step (it lost its lock: another instance may be running the job now). */
    void stop(String why) {
        stopped = why;
    }

    /** An item that failed: recorded, and the run goes on. */
    public void error(String message) {
        errors.add(message);
    }

    /** A figure of the result (counts, report location …). */
    public void result(String name, Object value) {
        result.put(name, value);
    }

    void finish(String endState) {
        state = endState;
        finished = Instant.now();
    }

    /** The run as operators see it, while it runs and after. */
    public Map<String, Object> view() {
        Map<String, Object> view = new LinkedHashMap<>();
        Instant end = finished == null ? Instant.now() : finished;
        double seconds = Math.max(0.001, Duration.between(started, end).toMillis() / 1000.0);
        view.put("id", id);
        view.put("job", job);
        view.put("trigger", trigger);
        view.put("state", state);
        view.put("dryRun", dryRun());
        view.put("parameters", parameters);
        view.put("started", started.toString());
        view.put("finished", finished == null ? null : finished.toString());
        view.put("done", done.get());
        view.put("total", total.get() < 0 ? null : total.get());
        view.put("ratePerSecond", Math.round(done.get() / seconds * 10) / 10.0);
        view.put("operationCount", operations.count());
        view.put("errors", List.copyOf(errors));
        view.put("result", Map.copyOf(result));
        view.put("operations", operations.lines());
        return view;
    }

    public String id() {
        return id;
    }

    public String state() {
        return state;
    }

    public List<String> errors() {
        return List.copyOf(errors);
    }
}
