package io.github.llmfailover.routing;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The race of a hedged request: its first attempt (with the failovers that follow it)
 * against a hedge on another provider that starts after the delay, unless the first
 * attempt has answered or failed for good by then. The first to emit wins, for a stream
 * its first chunk; the other is cancelled, which closes its connection. When both fail,
 * the first attempt's error is the request's.
 */
final class Hedged {

	private static final int UNDECIDED = 0;

	private static final int FIRST = 1;

	private static final int HEDGE = 2;

	private Hedged() {
	}

	static <T> Flux<T> race(HedgeAttempt hedges, AttemptCall<T> call, RequestState state, RoutedProvider first,
			Flux<T> attempt) {
		Duration own = state.hedgeDelay();
		Duration delay = (own != null) ? own : hedges.hedging().delayFor(first.latency());
		if (delay == null) {
			return attempt;
		}
		AtomicInteger winner = new AtomicInteger(UNDECIDED);
		AtomicReference<Throwable> firstError = new AtomicReference<>();
		Sinks.Empty<Void> firstFailed = Sinks.empty();
		HedgeBudget budget = hedges.hedging().budget();
		// Cancellation may be signalled more than once; each loser counts once.
		AtomicBoolean loserCounted = new AtomicBoolean();
		Runnable loserCancelled = () -> {
			if (loserCounted.compareAndSet(false, true)) {
				budget.cancelled();
			}
		};
		Flux<T> primary = attempt.doOnNext((item) -> winner.compareAndSet(UNDECIDED, FIRST)).doOnError((error) -> {
			firstError.set(error);
			firstFailed.tryEmitEmpty();
		}).doOnCancel(() -> {
			if (winner.get() == HEDGE) {
				loserCancelled.run();
			}
		});
		Flux<T> hedge = Mono.delay(delay, EventLoopTimers.INSTANCE)
			.takeUntilOther(firstFailed.asMono())
			.flatMapMany((tick) -> hedges.hedge(call, state, first).doOnNext((item) -> {
				if (winner.compareAndSet(UNDECIDED, HEDGE)) {
					budget.won();
				}
			}).doOnCancel(() -> {
				if (winner.get() == FIRST) {
					loserCancelled.run();
				}
			}));
		return Flux.firstWithValue(primary, hedge).onErrorMap((error) -> {
			Throwable original = firstError.get();
			return (original != null) ? original : error;
		});
	}

}
