package io.bucketbrigade.promote;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The processed → production hop.
 *
 * @param autoApprove approve valid datasets of profiles that need approval without an operator ({@code local})
 */
@ConfigurationProperties("brigade.promote")
public record PromoteProperties(boolean autoApprove) {
}
