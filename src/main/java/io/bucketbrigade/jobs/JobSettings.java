package io.bucketbrigade.jobs;

import java.text.ParseException;
import java.util.List;
import java.util.Map;

import org.quartz.CronExpression;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Checks the jobs' settings when the server starts, so that one that can never work stops the start with a message
 * naming it, instead of failing at the job's first tick: each {@code brigade.jobs.<name>.cron} must parse as a
 * Quartz cron expression, and each job's configured defaults must pass its own {@link Job#check} (e.g. the original
 * bucket among {@code brigade.jobs.docdb-to-s3.buckets}).
 */
@Component
class JobSettings implements InitializingBean {

    private final List<Job> jobs;
    private final Environment environment;

    JobSettings(List<Job> jobs, Environment environment) {
        this.jobs = jobs;
        this.environment = environment;
    }

    @Override
    public void afterPropertiesSet() {
        for (Job job : jobs) {
            String setting = "brigade.jobs." + job.name() + ".cron";
            String cron = environment.getProperty(setting);
            if (cron != null) {
                try {
                    new CronExpression(cron);
                } catch (ParseException e) {
                    throw new IllegalStateException(setting + ": '" + cron + "' is not a cron expression ("
                            + e.getMessage() + "); e.g. '0 0 * * * ?' is every hour on the hour");
                }
            }
            try {
                job.check(Map.of());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(e.getMessage().startsWith("brigade.") ? e.getMessage()
                        : "brigade.jobs." + job.name() + ": " + e.getMessage(), e);
            }
        }
    }
}
