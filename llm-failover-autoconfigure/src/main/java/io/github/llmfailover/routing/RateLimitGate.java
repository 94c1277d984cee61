package io.github.llmfailover.routing;

import java.time.Clock;
import java.time.Instant;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Keeps a provider within its rate limits, so that calls do not meet a 429: the
 * client-side limiter (requests and tokens per minute, on this instance or the fleet) and
 * what its rate-limit headers leave. Once either is spent, the provider is held out of
 * rotation until the window resets.
 */
final class RateLimitGate implements HoldsBack {

	// Logged under the provider's category, which operators know and filter on.
	private static final Log logger = LogFactory.getLog(RoutedProvider.class);

	private final String provider;

	private final @Nullable ProviderRateLimiter limiter;

	/** What its rate-limit headers leave; {@code null} when routing ignores them. */
	private final @Nullable RateLimitHeadroom headroom;

	private final Clock clock;

	private final ProviderStateListener listener;

	private final HoldUntil hold = new HoldUntil();

	/**
	 * @param provider the provider's name
	 * @param limiter the rate limiter, kept only when it limits this provider
	 * @param headerRateLimits whether and how routing follows rate-limit headers
	 * @param clock the clock
	 * @param listener hears when the headers hold the provider back
	 */
	RateLimitGate(String provider, @Nullable ProviderRateLimiter limiter, HeaderRateLimits headerRateLimits,
			Clock clock, ProviderStateListener listener) {
		this.provider = provider;
		this.clock = clock;
		this.listener = listener;
		this.limiter = (limiter != null && limiter.limits(provider)) ? limiter : null;
		this.headroom = headerRateLimits.enabled()
				? new RateLimitHeadroom(headerRateLimits, clock, this::holdForHeaders) : null;
	}

	boolean hasLimiter() {
		return this.limiter != null;
	}

	/**
	 * Ask the rate limiter for one request; a refusal holds the provider back until its
	 * window ends.
	 * @return whether the request may go
	 */
	Mono<Boolean> acquirePermit() {
		ProviderRateLimiter limiter = this.limiter;
		if (limiter == null) {
			return Mono.just(true);
		}
		return limiter.acquire(this.provider).map((decision) -> {
			if (!decision.granted()) {
				// A window that ended meanwhile still refuses this once: never retry at
				// once.
				this.hold.extend(Math.max(decision.retryAtMillis(), this.clock.millis() + 1));
			}
			return decision.granted();
		});
	}

	/**
	 * Count a call in flight against what the headers leave, until it answers.
	 * @param <T> the answer's type
	 * @param call the call
	 * @return the call, counted
	 */
	<T> Mono<T> track(Mono<T> call) {
		return (this.headroom != null) ? this.headroom.track(call) : call;
	}

	/**
	 * Count a stream in flight against what the headers leave, until it ends.
	 * @param <T> the chunks' type
	 * @param stream the stream
	 * @return the stream, counted
	 */
	<T> Flux<T> track(Flux<T> stream) {
		return (this.headroom != null) ? this.headroom.track(stream) : stream;
	}

	/**
	 * Count an answer's tokens against the tokens-per-minute limit and what the headers
	 * leave.
	 * @param totalTokens the answer's input and output tokens
	 */
	void recordTokens(long totalTokens) {
		if (totalTokens <= 0) {
			return;
		}
		if (this.limiter != null) {
			this.limiter.recordTokens(this.provider, totalTokens);
		}
		if (this.headroom != null) {
			this.headroom.recordTokens(totalTokens);
		}
	}

	/**
	 * What the provider's rate-limit headers said last, for snapshots.
	 * @return the budget read, or {@code null} when none was or routing ignores them
	 */
	@Nullable RateLimitHeaderBudget lastRead() {
		return (this.headroom != null) ? this.headroom.lastRead() : null;
	}

	@Override
	public long heldBackUntilMillis() {
		return this.hold.untilMillis();
	}

	boolean holds(long nowMillis) {
		return this.hold.holds(nowMillis);
	}

	/**
	 * Until when a rate limit keeps the provider out of rotation.
	 * @param nowMillis the current time
	 * @return the end of the full window, or {@code null} when it is not at its limit
	 */
	@Nullable Instant until(long nowMillis) {
		return this.hold.until(nowMillis);
	}

	@Override
	public @Nullable String unavailableReason(long nowMillis) {
		return holds(nowMillis) ? this.provider + " at its rate limit for " + this.hold.secondsLeft(nowMillis) + "s"
				: null;
	}

	/**
	 * Hold the provider back until its rate-limit window resets, because its headers say
	 * the budget is spent; the listeners (the fleet) hear it when the hold starts or
	 * grows.
	 * @param untilMillis when the window resets
	 */
	private void holdForHeaders(long untilMillis) {
		long previous = this.hold.extend(untilMillis);
		if (previous < 0) {
			return;
		}
		this.listener.rateLimitReached(this.provider, Instant.ofEpochMilli(untilMillis));
		long now = this.clock.millis();
		if (HoldUntil.isNews(previous, untilMillis, now)) {
			logger.info("LLM provider '" + this.provider + "' has spent its rate limit, as its headers say; out of"
					+ " rotation for " + (untilMillis - now) + " ms");
		}
	}

}
