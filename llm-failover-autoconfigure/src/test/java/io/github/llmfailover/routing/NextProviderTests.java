package io.github.llmfailover.routing;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.observation.Observation;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import io.github.llmfailover.chat.AllProvidersFailedException;
import io.github.llmfailover.chat.FailoverTimeoutException;
import io.github.llmfailover.chat.NoProviderAvailableException;
import io.github.llmfailover.provider.ProviderSettings;
import io.github.llmfailover.routing.NextProvider.Choice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The rules of {@link NextProvider}, without a call: deadline and attempt limit first,
 * then the provider in rotation or in panic, its backoff and what the deadline leaves of
 * the attempt timeout, and the retry budget.
 */
class NextProviderTests {

	private static final FailoverPolicy.Backoff NO_BACKOFF = new FailoverPolicy.Backoff(Duration.ZERO, 2.0,
			Duration.ZERO);

	private final ProviderRegistry registry = registry("a", "b");

	private final RoutedProvider a = this.registry.get("a");

	private final RoutedProvider b = this.registry.get("b");

	private final List<Choice> choices = new ArrayList<>();

	@Test
	void firstAttemptGoesToTheFirstInRotationAtOnceWithTheWholeAttemptTimeout() {
		NextProvider next = next(policy(3, Duration.ofSeconds(30), Duration.ofSeconds(5), NO_BACKOFF));
		StepVerifier.create(next.next(state(Duration.ofSeconds(30), RetryBudget.unlimited()), this::record))
			.expectNextMatches((choice) -> choice.provider() == this.a && !choice.panic()
					&& choice.attemptTimeout().equals(Duration.ofSeconds(5)))
			.verifyComplete();
	}

	@Test
	void attemptTimeoutEndsAtTheDeadline() {
		NextProvider next = next(policy(3, Duration.ofSeconds(2), Duration.ofSeconds(5), NO_BACKOFF));
		next.next(state(Duration.ofSeconds(2), RetryBudget.unlimited()), this::record).blockLast();
		assertThat(this.choices).singleElement()
			.satisfies((choice) -> assertThat(choice.attemptTimeout()).isBetween(Duration.ofSeconds(1),
					Duration.ofSeconds(2)));
	}

	@Test
	void providersNotCalledYetComeBeforeThoseCalled() {
		NextProvider next = next(policy(3, Duration.ofSeconds(30), Duration.ofSeconds(5), NO_BACKOFF));
		RequestState state = state(Duration.ofSeconds(30), RetryBudget.unlimited());
		state.called(this.a);
		next.next(state, this::record).blockLast();
		assertThat(this.choices).extracting(Choice::provider).containsExactly(this.b);
	}

	@Test
	void openCircuitsAreCalledInPanicWhenNoneIsInRotation() {
		NextProvider next = next(policy(3, Duration.ofSeconds(30), Duration.ofSeconds(5), NO_BACKOFF));
		this.a.circuit().breaker().transitionToOpenState();
		next.next(state(Duration.ofSeconds(30), RetryBudget.unlimited()), this::record).blockLast();
		assertThat(this.choices).extracting(Choice::provider, Choice::panic).containsExactly(tuple(this.b, false));
		this.choices.clear();
		this.b.circuit().breaker().transitionToOpenState();
		next.next(state(Duration.ofSeconds(30), RetryBudget.unlimited()), this::record).blockLast();
		assertThat(this.choices).singleElement().satisfies((choice) -> assertThat(choice.panic()).isTrue());
	}

	@Test
	void passedDeadlineEndsTheRequestWithATimeout() {
		NextProvider next = next(policy(3, Duration.ofSeconds(7), Duration.ofSeconds(5), NO_BACKOFF));
		StepVerifier.create(next.next(state(Duration.ZERO, RetryBudget.unlimited()), this::record))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOfSatisfying(FailoverTimeoutException.class,
					(timeout) -> assertThat(timeout.timeout()).isEqualTo(Duration.ofSeconds(7))))
			.verify();
		assertThat(this.choices).isEmpty();
	}

	@Test
	void attemptLimitEndsTheRequest() {
		NextProvider next = next(policy(1, Duration.ofSeconds(30), Duration.ofSeconds(5), NO_BACKOFF));
		RequestState state = state(Duration.ofSeconds(30), RetryBudget.unlimited());
		state.called(this.a);
		StepVerifier.create(next.next(state, this::record)).expectError(AllProvidersFailedException.class).verify();
		assertThat(this.choices).isEmpty();
	}

	@Test
	void noProviderBeforeAnyAttemptSaysWhyAndThatOnlyAnOperatorBringsThemBack() {
		NextProvider next = next(policy(3, Duration.ofSeconds(30), Duration.ofSeconds(5), NO_BACKOFF));
		this.a.apply(ProviderChange.enabled(false));
		this.b.apply(ProviderChange.enabled(false));
		StepVerifier.create(next.next(state(Duration.ofSeconds(30), RetryBudget.unlimited()), this::record))
			.expectErrorSatisfies(
					(error) -> assertThat(error).isInstanceOfSatisfying(NoProviderAvailableException.class, (none) -> {
						assertThat(none.getMessage()).contains("a").contains("b");
						assertThat(none.retryAfter()).isEqualTo(FailoverErrors.UNKNOWN_RETURN);
					}))
			.verify();
	}

	@Test
	void noProviderAfterAttemptsEndsTheRequestAsExhausted() {
		NextProvider next = next(policy(5, Duration.ofSeconds(30), Duration.ofSeconds(5), NO_BACKOFF));
		RequestState state = state(Duration.ofSeconds(30), RetryBudget.unlimited());
		state.called(this.a);
		state.exclude(this.a);
		state.called(this.b);
		state.exclude(this.b);
		StepVerifier.create(next.next(state, this::record)).expectError(AllProvidersFailedException.class).verify();
	}

	@Test
	void retryOfACalledProviderWaitsItsJitteredBackoff() {
		ProviderRegistry single = registry("a");
		NextProvider next = new NextProvider(single,
				policy(3, Duration.ofSeconds(30), Duration.ofSeconds(5),
						new FailoverPolicy.Backoff(Duration.ofSeconds(2), 2.0, Duration.ofSeconds(10))),
				Clock.systemUTC(),
				new FailoverErrors(single, policy(3, Duration.ofSeconds(30), Duration.ofSeconds(5), NO_BACKOFF)));
		StepVerifier.withVirtualTime(() -> {
			RequestState state = new RequestState(single.indexSpace(), DefaultFailoverChatClient.nowNanos(),
					Duration.ofSeconds(30).toNanos(), Observation.NOOP, RetryBudget.unlimited(), null);
			state.called(single.get("a"));
			return next.next(state, this::record);
		})
			.expectSubscription()
			.then(() -> assertThat(this.choices).isEmpty())
			.thenAwait(Duration.ofSeconds(2))
			.assertNext((choice) -> {
				// What the deadline leaves after the backoff, within the attempt timeout.
				assertThat(choice.attemptTimeout()).isLessThanOrEqualTo(Duration.ofSeconds(5));
				assertThat(choice.provider()).isSameAs(single.get("a"));
			})
			.verifyComplete();
	}

	@Test
	void backoffThatWouldUseUpTheDeadlineEndsTheRequestAtOnce() {
		ProviderRegistry single = registry("a");
		FailoverPolicy policy = policy(3, Duration.ofSeconds(30), Duration.ofSeconds(5),
				new FailoverPolicy.Backoff(Duration.ofDays(100), 2.0, Duration.ofDays(100)));
		NextProvider next = new NextProvider(single, policy, Clock.systemUTC(), new FailoverErrors(single, policy));
		RequestState state = new RequestState(single.indexSpace(), DefaultFailoverChatClient.nowNanos(),
				Duration.ofSeconds(10).toNanos(), Observation.NOOP, RetryBudget.unlimited(), null);
		state.called(single.get("a"));
		// A jittered backoff under 10 s out of 100 days: about one run in a million.
		StepVerifier.create(next.next(state, this::record))
			.expectError(AllProvidersFailedException.class)
			.verify(Duration.ofSeconds(5));
		assertThat(this.choices).isEmpty();
	}

	@Test
	void spentRetryBudgetEndsTheRequestButNeverStopsTheFirstAttempt() {
		NextProvider next = next(policy(3, Duration.ofSeconds(30), Duration.ofSeconds(5), NO_BACKOFF));
		RetryBudget empty = RetryBudget.of(0, 0, Duration.ofSeconds(10), Clock.systemUTC());
		RequestState state = state(Duration.ofSeconds(30), empty);
		next.next(state, this::record).blockLast();
		assertThat(this.choices).extracting(Choice::provider).containsExactly(this.a);
		state.called(this.a);
		StepVerifier.create(next.next(state, this::record)).expectError(AllProvidersFailedException.class).verify();
		assertThat(this.choices).hasSize(1);
	}

	private Flux<Choice> record(Choice choice) {
		this.choices.add(choice);
		return Flux.just(choice);
	}

	private NextProvider next(FailoverPolicy policy) {
		return new NextProvider(this.registry, policy, Clock.systemUTC(), new FailoverErrors(this.registry, policy));
	}

	private RequestState state(Duration timeout, RetryBudget retryBudget) {
		return new RequestState(this.registry.indexSpace(), DefaultFailoverChatClient.nowNanos(), timeout.toNanos(),
				Observation.NOOP, retryBudget, null);
	}

	private static FailoverPolicy policy(int maxAttempts, Duration timeout, Duration attemptTimeout,
			FailoverPolicy.Backoff backoff) {
		return new FailoverPolicy(maxAttempts, timeout, attemptTimeout, backoff, Duration.ofSeconds(60));
	}

	/** Providers in priority order, with clients that are never called. */
	private static ProviderRegistry registry(String... names) {
		ProviderRegistry.Builder builder = ProviderRegistry.builder(CircuitBreakerRegistry.ofDefaults());
		for (int i = 0; i < names.length; i++) {
			ProviderRoute route = new ProviderRoute(new ProviderSettings(names[i], "openai",
					URI.create("http://127.0.0.1:1/v1"), null, "model-" + names[i], Map.of(), null), i, 1, true,
					FailoverHarness.DEFAULT_BREAKER);
			builder.add(route, new ScriptedProvider(names[i]));
		}
		return builder.build();
	}

}
