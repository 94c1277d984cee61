package io.github.llmfailover.fleet;

import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

import io.github.llmfailover.routing.LocalProviderRateLimiter;
import io.github.llmfailover.routing.ProviderRateLimiter;
import io.github.llmfailover.routing.RateLimit;

/**
 * Counts the providers' rate limits across the fleet, one Redis round trip per request to
 * a limited provider, in the same one-minute windows as {@link LocalProviderRateLimiter}.
 * When Redis does not answer in time, or is known to be unreachable, each instance counts
 * alone and keeps its share of each limit (the limit divided by the instances it last
 * saw), so the fleet stays near its limit without a round trip that cannot succeed.
 */
public final class RedisProviderRateLimiter implements ProviderRateLimiter {

	/** Windows are kept one window longer than they last, then expire. */
	private static final String WINDOW_TTL = Long.toString(2 * RateLimit.WINDOW_MILLIS);

	private final FleetConnection fleet;

	private final Map<String, RateLimit> limits;

	private final LocalProviderRateLimiter local;

	/**
	 * A limiter for the given limits.
	 * @param fleet the connection to the fleet
	 * @param limits the limits by provider name; providers not in it are not limited
	 */
	public RedisProviderRateLimiter(FleetConnection fleet, Map<String, RateLimit> limits) {
		this.fleet = fleet;
		this.limits = Map.copyOf(limits);
		this.local = new LocalProviderRateLimiter(limits, fleet.clock());
	}

	@Override
	public boolean limits(String provider) {
		return this.limits.containsKey(provider);
	}

	@Override
	public Mono<Decision> acquire(String provider) {
		RateLimit limit = this.limits.get(provider);
		if (limit == null) {
			return Mono.just(Decision.GRANTED);
		}
		if (!this.fleet.isConnected()) {
			return Mono.fromSupplier(() -> this.local.acquire(provider, this.fleet.instances()));
		}
		long window = RateLimit.window(this.fleet.clock().millis());
		return this.fleet
			.run(FleetScripts.ACQUIRE, List.of(this.fleet.keys().rate(provider, window)),
					List.of(Long.toString(limit.requestsPerMinute()), Long.toString(limit.tokensPerMinute()),
							WINDOW_TTL))
			.map((counted) -> (counted == 1) ? Decision.GRANTED : Decision.refusedUntil(RateLimit.windowEnd(window)))
			.switchIfEmpty(Mono.fromSupplier(() -> this.local.acquire(provider, this.fleet.instances())));
	}

	@Override
	public void recordTokens(String provider, long tokens) {
		if (!this.limits.containsKey(provider)) {
			return;
		}
		if (!this.fleet.isConnected()) {
			this.local.recordTokens(provider, tokens);
			return;
		}
		long window = RateLimit.window(this.fleet.clock().millis());
		this.fleet.fireAndForget(FleetScripts.TOKENS, List.of(this.fleet.keys().rate(provider, window)),
				List.of(Long.toString(tokens), WINDOW_TTL));
	}

}
