package io.bucketbrigade.datasets;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When a dataset counts as stalled.
 *
 * @param after      how long a dataset may go without progress (files processed, a check, a promotion request)
 *                   before it is reported
 * @param scanPeriod how often each instance looks for stalled datasets (health, metric); a number is milliseconds
 */
@ConfigurationProperties("brigade.stall")
public record StallProperties(@DefaultValue("10m") Duration after, @DefaultValue("60000") Duration scanPeriod) {
}
