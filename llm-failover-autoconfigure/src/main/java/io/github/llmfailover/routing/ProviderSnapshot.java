package io.github.llmfailover.routing;

import java.net.URI;
import java.time.Instant;
import java.util.Set;

import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import org.jspecify.annotations.Nullable;

import io.github.llmfailover.chat.Capability;
import io.github.llmfailover.cost.Budget;
import io.github.llmfailover.cost.Spend;

/**
 * One provider as routing saw it at one moment: what it is, and what takes it in and out
 * of rotation. A value: it does not change when the provider does, and never holds the
 * API key. {@link ProviderRegistry#providers()} takes one of every provider at the same
 * moment, so that their shares add up.
 *
 * @param name the provider's name in the configuration
 * @param type its wire format
 * @param model the model it is asked for
 * @param baseUrl its API root, its user-info (which may hold credentials) masked
 * @param priority its tier; lower serves first
 * @param weight its weight now, which operators may have changed
 * @param configuredWeight its weight in the configuration
 * @param share the fraction of new traffic it gets now, 0 when out of rotation
 * @param enabled whether it is enabled
 * @param inRotation whether it can take a new request now
 * @param circuitState its circuit breaker's state
 * @param failureRate the failure percentage of its recent calls, or {@code null} before
 * the breaker has seen enough calls to compute one
 * @param cooldownUntil until when a {@code Retry-After} keeps it out of rotation, or
 * {@code null} when it is not cooling down
 * @param rateLimitedUntil until when its client-side rate limit (the end of its full
 * window) or its rate-limit headers (the reset they announced) keep it out of rotation,
 * or {@code null} when it is not at its limit
 * @param lastError its last failure, or {@code null} if it has not failed
 * @param spend what its answers cost in the current day and month (on this instance, or
 * the fleet's in fleet mode), or {@code null} when it has no price
 * @param capabilities what it can do beyond text; requests that need more skip it
 * @param budget what it may cost per day and month, or {@code null} for no limit
 * @param overBudgetUntil until when having reached its budget keeps it out of rotation
 * (the end of that budget's period), or {@code null} when it is under its budget
 * @param latency its recent latency
 * @param latencyShare why it gets its share, when it serves in a tier whose shares follow
 * latency; {@code null} otherwise
 * @param rateLimitHeaders its rate-limit budget as its headers last said, or {@code null}
 * when none did or routing ignores them
 */
public record ProviderSnapshot(String name, String type, String model, URI baseUrl, int priority, int weight,
		int configuredWeight, double share, boolean enabled, boolean inRotation, State circuitState,
		@Nullable Float failureRate, @Nullable Instant cooldownUntil, @Nullable Instant rateLimitedUntil,
		@Nullable ProviderError lastError, @Nullable Spend spend, Set<Capability> capabilities, @Nullable Budget budget,
		@Nullable Instant overBudgetUntil, Latency latency, @Nullable LatencyShare latencyShare,
		@Nullable RateLimitHeaderBudget rateLimitHeaders) {

}
