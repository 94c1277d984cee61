package io.github.llmfailover.routing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

import io.github.llmfailover.provider.RateLimitObserver;
import io.github.llmfailover.provider.RateLimitStatus;

/**
 * What one provider's rate-limit headers leave of its budget, counting the calls in
 * flight: those already running when an answer reported what is left (the provider may
 * not have counted them yet) and those started since. When the requests or tokens left
 * fall to the reserve, the provider is held out of rotation until the window's reset.
 *
 * <p>
 * Answers arrive out of order: a report of more left than the last one, for the same
 * window, is an older answer's and is ignored.
 */
final class RateLimitHeadroom implements RateLimitObserver {

	/** Resets this close together belong to one window (relative resets drift). */
	private static final long SAME_WINDOW_MILLIS = 1000;

	/** Weight of the newest answer in the average of tokens per call. */
	private static final double TOKENS_ALPHA = 0.2;

	private final HeaderRateLimits policy;

	private final Clock clock;

	private final LongConsumer hold;

	private final AtomicInteger inFlight = new AtomicInteger();

	private final Window requests = new Window();

	private final Window tokens = new Window();

	private double tokensPerCall;

	/**
	 * @param policy the reserves and the longest hold
	 * @param clock the routing clock
	 * @param hold takes the provider out of rotation until the given time (epoch ms)
	 */
	RateLimitHeadroom(HeaderRateLimits policy, Clock clock, LongConsumer hold) {
		this.policy = policy;
		this.clock = clock;
		this.hold = hold;
	}

	/**
	 * Count a call in flight from subscription to its end, and let the client report the
	 * headers of its answer here.
	 * @param <T> the answer's type
	 * @param call the call
	 * @return the counted call
	 */
	<T> Mono<T> track(Mono<T> call) {
		return Mono.defer(() -> {
			started();
			return call.doFinally((signal) -> this.inFlight.decrementAndGet());
		}).contextWrite(Context.of(RateLimitObserver.CONTEXT_KEY, this));
	}

	/**
	 * Count a stream in flight from subscription to its end.
	 * @param <T> the chunks' type
	 * @param stream the stream
	 * @return the counted stream
	 */
	<T> Flux<T> track(Flux<T> stream) {
		return Flux.defer(() -> {
			started();
			return stream.doFinally((signal) -> this.inFlight.decrementAndGet());
		}).contextWrite(Context.of(RateLimitObserver.CONTEXT_KEY, this));
	}

	private void started() {
		this.inFlight.incrementAndGet();
		long holdUntil;
		synchronized (this) {
			this.requests.uncounted++;
			this.tokens.uncounted++;
			holdUntil = holdUntil(this.clock.millis());
		}
		if (holdUntil > 0) {
			this.hold.accept(holdUntil);
		}
	}

	@Override
	public void observe(RateLimitStatus status) {
		long now = this.clock.millis();
		// The answer's own call is still in flight and counted by the provider: the
		// others may not be yet.
		int others = Math.max(0, this.inFlight.get() - 1);
		long holdUntil;
		synchronized (this) {
			this.requests.observe(status.remainingRequests(), status.requestsResetIn(), now, others);
			this.tokens.observe(status.remainingTokens(), status.tokensResetIn(), now, others);
			holdUntil = holdUntil(now);
		}
		if (holdUntil > 0) {
			this.hold.accept(holdUntil);
		}
	}

	/**
	 * Count an answer's tokens in the average that estimates what calls in flight will
	 * use.
	 * @param totalTokens the answer's input and output tokens
	 */
	synchronized void recordTokens(long totalTokens) {
		this.tokensPerCall = (this.tokensPerCall == 0) ? totalTokens
				: this.tokensPerCall + TOKENS_ALPHA * (totalTokens - this.tokensPerCall);
	}

	/**
	 * What is left now, for the actuator and error messages.
	 * @return the requests and tokens left after the calls in flight, {@code null} where
	 * unknown or past its reset
	 */
	synchronized Left left() {
		long now = this.clock.millis();
		return new Left(this.requests.left(now, 1), this.tokens.left(now, this.tokensPerCall));
	}

	/**
	 * The budget as the headers last said, for the actuator.
	 * @return the budget, or {@code null} before any answer carried the headers
	 */
	synchronized @Nullable RateLimitHeaderBudget lastRead() {
		if (this.requests.remaining < 0 && this.tokens.remaining < 0) {
			return null;
		}
		long now = this.clock.millis();
		return new RateLimitHeaderBudget(this.requests.remaining(), this.requests.resetAt(), this.tokens.remaining(),
				this.tokens.resetAt(), this.requests.left(now, 1), this.tokens.left(now, this.tokensPerCall),
				this.inFlight.get());
	}

	/**
	 * When the provider must leave rotation until, or 0 while it has headroom.
	 */
	private long holdUntil(long now) {
		long until = 0;
		Long requestsLeft = this.requests.left(now, 1);
		if (requestsLeft != null && requestsLeft <= this.policy.reserveRequests()) {
			until = this.requests.resetAtMillis;
		}
		Long tokensLeft = this.tokens.left(now, this.tokensPerCall);
		if (tokensLeft != null && tokensLeft <= this.policy.reserveTokens()) {
			until = Math.max(until, this.tokens.resetAtMillis);
		}
		return (until > 0) ? Math.min(until, now + this.policy.maxHoldMillis()) : 0;
	}

	/**
	 * @param requests requests left, or {@code null}
	 * @param tokens tokens left, or {@code null}
	 */
	record Left(@Nullable Long requests, @Nullable Long tokens) {
	}

	/**
	 * One budget (requests or tokens) as last reported. Guarded by the headroom.
	 */
	private static final class Window {

		/** What the last report said is left; -1 while unknown. */
		private long remaining = -1;

		private long resetAtMillis;

		/**
		 * Calls the last report may not have counted: in flight then, or started since.
		 */
		private int uncounted;

		void observe(@Nullable Long newRemaining, @Nullable Duration resetIn, long now, int inFlight) {
			if (newRemaining == null || resetIn == null) {
				return;
			}
			long newResetAt = now + resetIn.toMillis();
			boolean current = this.remaining >= 0 && now < this.resetAtMillis;
			boolean older = current && newRemaining > this.remaining
					&& newResetAt <= this.resetAtMillis + SAME_WINDOW_MILLIS;
			if (!older) {
				this.remaining = newRemaining;
				this.resetAtMillis = newResetAt;
				this.uncounted = inFlight;
			}
		}

		@Nullable Long remaining() {
			return (this.remaining >= 0) ? this.remaining : null;
		}

		@Nullable Instant resetAt() {
			return (this.remaining >= 0) ? Instant.ofEpochMilli(this.resetAtMillis) : null;
		}

		@Nullable Long left(long now, double perCall) {
			if (this.remaining < 0 || now >= this.resetAtMillis) {
				return null;
			}
			return this.remaining - (long) Math.ceil(this.uncounted * perCall);
		}

	}

}
