package io.bucketbrigade.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.bucketbrigade.support.LocalStackProcess;
import org.junit.jupiter.api.Test;

/**
 * The alert rules in deploy/prometheus are valid, and fire on the series that should raise them and on no others
 * (their unit tests), as Prometheus's own promtool says. CI installs it (Debian package prometheus); on a machine
 * without it the test is skipped, except under CI.
 */
class AlertRulesTest {

    static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    @Test
    void theRulesAndTheConfigurationAreValidAndEachAlertFiresWhereItShould() throws Exception {
        if (System.getenv("CI") == null) {
            assumeTrue(Files.isExecutable(PROMTOOL), "promtool is not installed (apt-get install prometheus)");
        }
        assertThat(promtool("check", "rules", "bucket-brigade-alerts.yml")).contains("SUCCESS: 8 rules found");
        assertThat(promtool("test", "rules", "bucket-brigade-alerts.test.yml")).contains("SUCCESS");
        assertThat(promtool("check", "config", "prometheus.yml")).contains("is valid prometheus config file");
    }

    static String promtool(String... arguments) throws Exception {
        String[] command = new String[arguments.length + 1];
        command[0] = PROMTOOL.toString();
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        Process process = new ProcessBuilder(command)
                .directory(LocalStackProcess.repoDir().resolve("deploy/prometheus").toFile())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
