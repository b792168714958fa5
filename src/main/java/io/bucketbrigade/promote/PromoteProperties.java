package io.bucketbrigade.promote;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The processed → production hop.
 *
 * @param autoApprove  approve valid datasets of profiles that need approval without an operator ({@code local})
 * @param settleAtMost the longest quiet period any profile's {@code complete.settle} may ask for (null: as the
 *                     profiles say; {@code 0s} in {@code local}, where a deposit is published once it is checked)
 */
@ConfigurationProperties("brigade.promote")
public record PromoteProperties(boolean autoApprove, Duration settleAtMost) {
}
