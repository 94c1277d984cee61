package io.github.llmfailover.actuate;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;

import io.github.llmfailover.chat.Capability;
import io.github.llmfailover.cost.Budget;
import io.github.llmfailover.cost.Spend;
import io.github.llmfailover.routing.Latency;
import io.github.llmfailover.routing.LatencyShare;
import io.github.llmfailover.routing.ProviderError;
import io.github.llmfailover.routing.ProviderSnapshot;
import io.github.llmfailover.routing.RateLimitHeaderBudget;

/**
 * One provider as the {@code llmproviders} endpoint shows it. Never holds the API key. An
 * {@link OperationResponseBody}: the actuator's own JSON mapper writes it, with every
 * field, {@code null} ones included, as the endpoint always has.
 *
 * @param name the provider's name
 * @param type its wire format
 * @param model the model it is asked for
 * @param baseUrl its API root
 * @param priority its tier
 * @param weight its weight now
 * @param configuredWeight its weight in the configuration
 * @param share the fraction of new traffic it would get now
 * @param enabled whether it is enabled
 * @param inRotation whether it can take a new request now
 * @param circuitState its circuit breaker's state
 * @param failureRate the failure percentage of its recent calls, or {@code null} before
 * the breaker has enough calls
 * @param cooldownUntil until when a {@code Retry-After} keeps it out, or {@code null}
 * @param rateLimitedUntil until when its client-side rate limit or its rate-limit headers
 * keep it out, or {@code null}
 * @param lastError its last failure, or {@code null}
 * @param spend what its answers cost in the current day and month (on this instance, or
 * the whole fleet's in fleet mode), or {@code null} when it has no price
 * @param capabilities what it can do beyond text ({@code tools},
 * {@code forced-tool-choice}, {@code images}, {@code image-urls}, {@code json-schema})
 * @param budget its daily and monthly budget, or {@code null} when it has none
 * @param overBudgetUntil until when having reached its budget keeps it out of rotation,
 * or {@code null}
 * @param groups the model groups it is in, with its priority, weight and share in each
 * @param latency its recent latency: decaying averages of the time to a stream's first
 * token and of a whole answer's time per output token, with how many of each were
 * measured
 * @param latencyShare when it serves in a tier whose shares follow latency, the share its
 * weight alone would give it, the share it gets, and why; {@code null} otherwise
 * @param rateLimitHeaders its rate-limit budget as its headers last said (remaining
 * requests and tokens, when each resets) and what routing counts as left of it after the
 * calls in flight; {@code null} when no answer carried such headers or routing ignores
 * them
 */
@JsonInclude(Include.ALWAYS)
public record ProviderDescriptor(String name, String type, String model, String baseUrl, int priority, int weight,
		int configuredWeight, double share, boolean enabled, boolean inRotation, String circuitState,
		@Nullable Float failureRate, @Nullable Instant cooldownUntil, @Nullable Instant rateLimitedUntil,
		@Nullable LastError lastError, @Nullable Spend spend, List<String> capabilities, @Nullable Budget budget,
		@Nullable Instant overBudgetUntil, List<GroupDescriptor.Membership> groups, Latency latency,
		@Nullable LatencyShare latencyShare,
		@Nullable RateLimitHeaderBudget rateLimitHeaders) implements OperationResponseBody {

	static ProviderDescriptor of(ProviderSnapshot provider, List<GroupDescriptor.Membership> groups) {
		ProviderError error = provider.lastError();
		return new ProviderDescriptor(provider.name(), provider.type(), provider.model(), provider.baseUrl().toString(),
				provider.priority(), provider.weight(), provider.configuredWeight(), provider.share(),
				provider.enabled(), provider.inRotation(), provider.circuitState().name(), provider.failureRate(),
				provider.cooldownUntil(), provider.rateLimitedUntil(),
				(error != null)
						? new LastError(error.time(), error.outcome().tagValue(), error.status(), error.message())
						: null,
				provider.spend(), provider.capabilities().stream().map(Capability::propertyName).toList(),
				provider.budget(), provider.overBudgetUntil(), groups, provider.latency(), provider.latencyShare(),
				provider.rateLimitHeaders());
	}

	/**
	 * A provider's last failure.
	 *
	 * @param time when it happened
	 * @param type its class ({@code server_error}, {@code timeout}, ...)
	 * @param status the HTTP status, or 0
	 * @param message a short description
	 */
	public record LastError(Instant time, String type, int status, String message) {
	}

}
