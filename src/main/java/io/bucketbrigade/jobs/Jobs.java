package io.bucketbrigade.jobs;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import io.bucketbrigade.config.Background;
import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.config.InstanceIdentity;
import io.bucketbrigade.idempotency.DynamoDbIdempotentRepository;
import io.bucketbrigade.idempotency.ObjectBusyException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Runs jobs: on a schedule (routes/jobs.camel.yaml, on the leading instance only) and on demand (API, JMX). A
 * job runs on one instance at a time (a lock in DynamoDB with a short lease it renews while it runs), can be
 * switched off on its own ({@code brigade.jobs.<name>.enabled}, or by an operator for every instance and across
 * restarts: {@link JobSwitches}), shows its progress while it runs, and leaves a history of its real runs in the
 * {@code jobs} collection. Dry runs leave nothing.
 */
@Component("jobs")
public class Jobs implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(Jobs.class);

    private final Map<String, Job> jobs;
    private final Environment environment;
    private final DynamoDbIdempotentRepository locks;
    private final MongoCollection<Document> history;
    private final String instance;
    private final MeterRegistry meters;
    private final Map<String, JobRun> running = new ConcurrentHashMap<>();
    private final Map<String, JobRun> last = new ConcurrentHashMap<>();
    private final JobSwitches switches;
    private final Map<String, ScheduledFuture<?>> renewing = new ConcurrentHashMap<>();
    private final ExecutorService background = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "brigade-job");
        thread.setDaemon(true);
        return thread;
    });
    private final ScheduledExecutorService renewals = Background.thread("brigade-job-locks");

    Jobs(List<Job> jobs, Environment environment, @Qualifier("jobLocks") DynamoDbIdempotentRepository locks,
            MongoClient mongo, BrigadeProperties names, InstanceIdentity instance, MeterRegistry meters,
            JobSwitches switches) {
        this.jobs = jobs.stream().collect(Collectors.toMap(Job::name, Function.identity(), (a, b) -> a,
                java.util.TreeMap::new));
        this.environment = environment;
        this.locks = locks;
        this.history = mongo.getDatabase(names.database()).getCollection(names.collections().get("jobs"));
        this.instance = instance.id();
        this.meters = meters;
        this.switches = switches;
    }

    public List<String> names() {
        return List.copyOf(jobs.keySet());
    }

    public Optional<Job> job(String name) {
        return Optional.ofNullable(jobs.get(name));
    }

    /**
     * Whether the job may run: as an operator last switched it (on every instance, across restarts), else
     * {@code brigade.jobs.<name>.enabled}.
     *
     * @throws IllegalStateException the switch cannot be read (a job switched off must not run by mistake)
     */
    public boolean enabled(String name) {
        return switched(name).map(JobSwitches.Switch::on).orElseGet(() -> configured(name));
    }

    /** {@code brigade.jobs.<name>.enabled}: whether the job may run when no operator switched it. */
    public boolean configured(String name) {
        return environment.getProperty("brigade.jobs." + name + ".enabled", Boolean.class, true);
    }

    /** The operator's switch of a job, if one was set. */
    public Optional<JobSwitches.Switch> switched(String name) {
        try {
            return switches.get(name);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Job '" + name + "': its switch cannot be read (" + e.getMessage()
                    + ")", e);
        }
    }

    /**
     * Switches a job on or off on every instance until an operator switches it again, restarts included (a run in
     * progress finishes).
     */
    public JobSwitches.Switch switchTo(String name, boolean on, String by) {
        if (!jobs.containsKey(name)) {
            throw new NoSuchElementException("No job named '" + name + "' (jobs: " + jobs.keySet() + ")");
        }
        JobSwitches.Switch value = switches.set(name, on, by);
        LOG.info("Job {} switched {} by {} on every instance", name, on ? "on" : "off", by);
        return value;
    }

    public String schedule(String name) {
        return environment.getProperty("brigade.jobs." + name + ".cron");
    }

    public Optional<JobRun> running(String name) {
        return Optional.ofNullable(running.get(name));
    }

    public Optional<JobRun> lastRun(String name) {
        return Optional.ofNullable(last.get(name));
    }

    /**
     * Runs a job now, in this thread.
     *
     * @throws NoSuchElementException   no such job
     * @throws IllegalArgumentException bad parameters
     * @throws IllegalStateException    switched off, or running elsewhere
     */
    public JobRun run(String name, String trigger, boolean dryRun, Map<String, String> parameters) {
        JobRun run = prepare(name, trigger, dryRun, parameters);
        execute(jobs.get(name), run);
        return run;
    }

    /** Starts a job in the background; returns its run at once (watch its progress with {@link #running}). */
    public JobRun start(String name, String trigger, boolean dryRun, Map<String, String> parameters) {
        JobRun run = prepare(name, trigger, dryRun, parameters);
        background.submit(() -> execute(jobs.get(name), run));
        return run;
    }

    /**
     * A scheduled tick (on the leading instance): runs the job unless it is off or already running. Each tick is
     * claimed in DynamoDB first, so a tick is run once even when the leadership moves between instances around it.
     */
    public void runScheduled(String name, Date scheduledFireTime) {
        Map<String, String> parameters = Map.of();
        if (scheduledFireTime != null) {
            String tick = scheduledFireTime.toInstant().toString();
            String claim = "tick:" + name + ":" + tick;
            if (!claim(claim)) {
                LOG.info("Scheduled run of job {} at {} skipped: another instance ran it", name, tick);
                return;
            }
            locks.confirm(claim);
            parameters = Map.of("tick", tick);
        }
        try {
            run(name, "schedule", false, parameters);
        } catch (IllegalStateException e) {
            LOG.info("Scheduled run of job {} skipped: {}", name, e.getMessage());
        }
    }

    private boolean claim(String key) {
        try {
            return locks.add(key);
        } catch (ObjectBusyException e) {
            return false;
        }
    }

    private JobRun prepare(String name, String trigger, boolean dryRun, Map<String, String> parameters) {
        if (!jobs.containsKey(name)) {
            throw new NoSuchElementException("No job named '" + name + "' (jobs: " + jobs.keySet() + ")");
        }
        jobs.get(name).check(parameters);
        Optional<JobSwitches.Switch> switched = switched(name);
        if (!switched.map(JobSwitches.Switch::on).orElseGet(() -> configured(name))) {
            throw new IllegalStateException("Job '" + name + "' is switched off (" + switched.map(s -> "by " + s.by()
                    + " at " + s.at() + "; POST /api/jobs/" + name + "/enabled?value=true switches it on")
                    .orElse("brigade.jobs." + name + ".enabled") + ")");
        }
        try {
            locks.add("job:" + name);
        } catch (ObjectBusyException e) {
            throw new IllegalStateException("Job '" + name + "' is running already: " + e.getMessage());
        }
        long period = Math.max(100, locks.lease().toMillis() / 3);
        renewing.put(name, renewals.scheduleWithFixedDelay(() -> renew(name), period, period, TimeUnit.MILLISECONDS));
        JobRun run = new JobRun(UUID.randomUUID().toString(), name, trigger, dryRun, parameters);
        running.put(name, run);
        return run;
    }

    /** Keeps a running job's lock: every third of a lease, the lease is extended by a whole one. */
    private void renew(String name) {
        try {
            if (!locks.renew("job:" + name)) {
                LOG.error("Job {} lost its lock (its lease ran out before it was renewed): this run stops at its"
                        + " next step, as another instance may start the job", name);
                Optional.ofNullable(running.get(name)).ifPresent(run -> run.stop("the job lost its lock (its lease"
                        + " ran out before it was renewed); another instance may be running it"));
            }
        } catch (RuntimeException e) {
            LOG.warn("Job {}: its lock could not be renewed this time ({}); tried again in a third of a lease", name,
                    e.toString());
        }
    }

    private void execute(Job job, JobRun run) {
        LOG.info("Job {} started ({}{})", job.name(), run.view().get("trigger"), run.dryRun() ? ", dry run" : "");
        String state = "SUCCEEDED";
        try {
            job.run(run);
            if (!run.errors().isEmpty()) {
                state = "SUCCEEDED_WITH_ERRORS";
            }
        } catch (Exception e) {
            state = "FAILED";
            run.error("the job failed: " + e);
            LOG.error("Job {} failed", job.name(), e);
        } finally {
            run.finish(state);
            running.remove(job.name());
            last.put(job.name(), run);
            ScheduledFuture<?> renewal = renewing.remove(job.name());
            if (renewal != null) {
                renewal.cancel(false);
            }
            locks.remove("job:" + job.name());
            Counter.builder("brigade.jobs.runs").tag("job", job.name()).tag("state", state)
                    .description("Job runs by outcome").register(meters).increment();
        }
        Map<String, Object> view = run.view();
        LOG.info("Job {} {}: {} operation(s), {} done, {} error(s), result {}", job.name(), state,
                view.get("operationCount"), view.get("done"), run.errors().size(), view.get("result"));
        if (!run.dryRun()) {
            Map<String, Object> record = new LinkedHashMap<>(view);
            record.remove("operations");
            record.remove("id");
            history.insertOne(new Document(record).append("_id", run.id()).append("instance", instance)
                    .append("recorded", Date.from(Instant.now())));
        }
    }

    /** A job as operators see it: what it does, its schedule, switched on or off, its run in progress and last. */
    public Optional<Map<String, Object>> view(String name) {
        return job(name).map(job -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("name", name);
            view.put("description", job.description());
            view.put("mutating", job.mutating());
            Optional<JobSwitches.Switch> switched = switched(name);
            view.put("enabled", switched.map(JobSwitches.Switch::on).orElseGet(() -> configured(name)));
            view.put("switched", switched.orElse(null));
            view.put("schedule", schedule(name));
            view.put("running", running(name).map(JobRun::view).orElse(null));
            view.put("lastRun", lastRun(name).map(JobRun::view).orElse(null));
            return view;
        });
    }

    /** The latest real runs of a job, newest first. */
    public List<Document> history(String name, int limit) {
        return history.find(new Document("job", name)).sort(new Document("started", -1)).limit(limit)
                .into(new java.util.ArrayList<>());
    }

    @Override
    public void destroy() {
        background.shutdownNow();
        renewals.shutdownNow();
    }
}
