package io.github.llmfailover.routing;

import java.util.function.Supplier;

import reactor.core.publisher.Flux;

/**
 * Whether a provider lets an attempt go: its spend budget first, then its client-side
 * rate limit, each asked only when the provider has one. The budget first, so that a call
 * it refuses does not use up a rate-limit permit. Apart from the client, which only says
 * what an attempt and a refusal are.
 */
final class AttemptAdmission {

	private AttemptAdmission() {
	}

	/**
	 * The attempt once admitted, or the refusal.
	 * @param provider the provider about to be called
	 * @param attempt the attempt, made once both let it go
	 * @param refused what follows a refusal
	 * @return the attempt or the refusal, decided on subscription
	 */
	static <T> Flux<T> admit(RoutedProvider provider, Supplier<Flux<T>> attempt, Supplier<Flux<T>> refused) {
		if (!provider.budget().hasBudget()) {
			return withinRateLimit(provider, attempt, refused);
		}
		return provider.budget()
			.check()
			.flatMapMany((underBudget) -> underBudget ? withinRateLimit(provider, attempt, refused) : refused.get());
	}

	private static <T> Flux<T> withinRateLimit(RoutedProvider provider, Supplier<Flux<T>> attempt,
			Supplier<Flux<T>> refused) {
		if (!provider.rateLimits().hasLimiter()) {
			return attempt.get();
		}
		return provider.rateLimits().acquirePermit().flatMapMany((granted) -> granted ? attempt.get() : refused.get());
	}

}
