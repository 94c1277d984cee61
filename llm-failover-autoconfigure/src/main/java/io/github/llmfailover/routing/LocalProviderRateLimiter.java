package io.github.llmfailover.routing;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import reactor.core.publisher.Mono;

/**
 * Counts requests and tokens per provider on this instance, in fixed one-minute windows
 * that start on the minute. Without fleet mode each instance keeps the whole limit.
 */
public final class LocalProviderRateLimiter implements ProviderRateLimiter {

	private final Map<String, Counter> counters;

	private final Clock clock;

	/**
	 * A limiter for the given limits.
	 * @param limits the limits by provider name; providers not in it are not limited
	 * @param clock the clock windows follow
	 */
	public LocalProviderRateLimiter(Map<String, RateLimit> limits, Clock clock) {
		Map<String, Counter> counters = new HashMap<>();
		limits.forEach((name, limit) -> counters.put(name, new Counter(limit)));
		this.counters = Map.copyOf(counters);
		this.clock = clock;
	}

	@Override
	public boolean limits(String provider) {
		return this.counters.containsKey(provider);
	}

	@Override
	public Mono<Decision> acquire(String provider) {
		return Mono.just(acquire(provider, 1));
	}

	/**
	 * Ask for one request now, against the limit shared by the given number of instances.
	 * @param provider the provider's name
	 * @param instances how many instances share the limit
	 * @return the decision
	 */
	public Decision acquire(String provider, int instances) {
		Counter counter = this.counters.get(provider);
		return (counter != null) ? counter.acquire(this.clock.millis(), instances) : Decision.GRANTED;
	}

	@Override
	public void recordTokens(String provider, long tokens) {
		Counter counter = this.counters.get(provider);
		if (counter != null) {
			counter.addTokens(this.clock.millis(), tokens);
		}
	}

	/**
	 * One provider's counts in the current window. Rarely contended: only requests to the
	 * same limited provider meet here.
	 */
	private static final class Counter {

		private final RateLimit limit;

		private long window;

		private long requests;

		private long tokens;

		Counter(RateLimit limit) {
			this.limit = limit;
		}

		synchronized Decision acquire(long nowMillis, int instances) {
			roll(nowMillis);
			if (this.limit.dividedBy(instances).isReached(this.requests, this.tokens)) {
				return Decision.refusedUntil(RateLimit.windowEnd(this.window));
			}
			this.requests++;
			return Decision.GRANTED;
		}

		synchronized void addTokens(long nowMillis, long tokens) {
			roll(nowMillis);
			this.tokens += tokens;
		}

		private void roll(long nowMillis) {
			long window = RateLimit.window(nowMillis);
			if (window != this.window) {
				this.window = window;
				this.requests = 0;
				this.tokens = 0;
			}
		}

	}

}
