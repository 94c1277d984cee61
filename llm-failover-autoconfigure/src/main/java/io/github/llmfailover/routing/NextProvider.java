package io.github.llmfailover.routing;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where a request's next attempt goes, and whether it may go at all: within the deadline
 * and the attempt limit, to a provider in rotation or else, in panic, past an open
 * circuit, after a jittered backoff when the provider was tried already (waited out on
 * the {@link EventLoopTimers}), and only while the retry budget lends the request a
 * token. Apart from the calls, so that these rules are read, and tested, without a
 * provider answering.
 */
final class NextProvider {

	/** Logs under the client's category, as before this class was split from it. */
	private static final Log logger = LogFactory.getLog(DefaultFailoverChatClient.class);

	private final ProviderRegistry registry;

	private final FailoverPolicy policy;

	private final Clock clock;

	private final FailoverErrors errors;

	NextProvider(ProviderRegistry registry, FailoverPolicy policy, Clock clock, FailoverErrors errors) {
		this.registry = registry;
		this.policy = policy;
		this.clock = clock;
		this.errors = errors;
	}

	/**
	 * Continue a request on its next attempt, after the provider's backoff, or end it.
	 * @param state the request
	 * @param attempt makes the attempt on the chosen provider
	 * @return the attempt, or the error that ends the request
	 */
	<T> Flux<T> next(RequestState state, Function<Choice, Flux<T>> attempt) {
		long nowMillis = this.clock.millis();
		long remaining = state.remainingNanos(DefaultFailoverChatClient.nowNanos());
		if (remaining <= 0) {
			return Flux.error(this.errors.timedOut(state));
		}
		if (state.calls() >= this.policy.maxAttempts()) {
			return Flux.error(this.errors.exhausted(state, nowMillis));
		}
		boolean panic = false;
		RoutedProvider provider = this.registry.select(nowMillis, state.calledMask(), state.excludedMask(),
				state.ranks());
		if (provider == null) {
			panic = true;
			provider = this.registry.selectInPanic(nowMillis, state.calledMask(), state.excludedMask(), state.ranks());
		}
		if (provider == null) {
			return Flux.error((state.calls() == 0) ? this.errors.noProvider(state, nowMillis)
					: this.errors.exhausted(state, nowMillis));
		}
		long backoff = backoffNanos(provider, state);
		if (backoff >= remaining) {
			// Waiting would use up the deadline: give up now rather than time out later.
			return Flux.error(this.errors.exhausted(state, nowMillis));
		}
		if (!state.mayCallAgain()) {
			if (logger.isDebugEnabled()) {
				logger.debug("Retry budget spent: no further attempt on LLM provider '" + provider.name() + "'");
			}
			return Flux.error(this.errors.exhausted(state, nowMillis));
		}
		Choice choice = new Choice(provider, panic,
				Duration.ofNanos(Math.min(this.policy.attemptTimeout().toNanos(), remaining - backoff)));
		if (backoff == 0) {
			// Already at subscription time: the attempt can start now.
			return attempt.apply(choice);
		}
		return Mono.delay(Duration.ofNanos(backoff), EventLoopTimers.INSTANCE)
			.thenMany(Flux.defer(() -> attempt.apply(choice)));
	}

	/**
	 * Full jitter up to the backoff's ceiling for the provider's next retry; none before
	 * its first call.
	 */
	private long backoffNanos(RoutedProvider provider, RequestState state) {
		int previousCalls = state.callsTo(provider);
		if (previousCalls == 0) {
			return 0;
		}
		long ceiling = this.policy.backoff().ceiling(previousCalls).toNanos();
		return (ceiling <= 0) ? 0 : ThreadLocalRandom.current().nextLong(ceiling + 1);
	}

	/**
	 * The provider of the next attempt.
	 *
	 * @param provider the provider to call
	 * @param panic whether the provider is out of rotation and called anyway
	 * @param attemptTimeout the attempt's limit, at most what the deadline leaves after
	 * the backoff
	 */
	record Choice(RoutedProvider provider, boolean panic, Duration attemptTimeout) {

	}

}
