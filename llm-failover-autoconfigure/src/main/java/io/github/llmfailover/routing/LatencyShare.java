package io.github.llmfailover.routing;

/**
 * Why a provider of a tier whose shares follow latency gets its share (see
 * {@link LatencyAwareShares}).
 *
 * @param configuredShare the share its weight alone would give it among the tier's
 * providers in rotation
 * @param effectiveShare the share it gets, its latency considered
 * @param reason why, such as
 * {@code latency 5.1x the tier's fastest (ttft 310 ms vs 61 ms)}
 */
public record LatencyShare(double configuredShare, double effectiveShare, String reason) {

}
