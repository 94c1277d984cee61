package io.github.llmfailover.routing;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import io.github.llmfailover.chat.Attempt;
import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.FinishReason;
import io.github.llmfailover.chat.TokenUsage;
import io.github.llmfailover.cost.Price;
import io.github.llmfailover.provider.Completion;
import io.github.llmfailover.provider.ProviderSettings;
import io.github.llmfailover.routing.FailoverHarness.Built;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Cheapest-first routing inside a tier: the providers with the lowest expected cost of
 * each request serve, weights share among equal costs, unpriced providers come last, and
 * failover and circuits work as with weights.
 */
class CheapestFirstRoutingTests {

	private static final Duration LIMIT = Duration.ofSeconds(5);

	private static final Currency USD = Currency.getInstance("USD");

	private static final ChatRequest REQUEST = ChatRequest.of("Hello");

	private final ScriptedProvider cheap = new ScriptedProvider("cheap");

	private final ScriptedProvider alsoCheap = new ScriptedProvider("alsoCheap");

	private final ScriptedProvider pricey = new ScriptedProvider("pricey");

	private final ScriptedProvider unpriced = new ScriptedProvider("unpriced");

	private static Price price(String input, String output) {
		return Price.of(new BigDecimal(input), new BigDecimal(output), USD);
	}

	private static ProviderSettings settings(String name) {
		return new ProviderSettings(name, "openai", URI.create("http://127.0.0.1:1/v1"), null, "model", Map.of(), null);
	}

	private FailoverHarness harness() {
		// The unpriced and the pricey provider weigh most: weights alone would send
		// them nearly everything.
		return new FailoverHarness().provider("cheap", 0, 1, this.cheap)
			.provider("pricey", 0, 100, this.pricey)
			.provider("unpriced", 0, 100, this.unpriced)
			.price("cheap", price("0.15", "0.60"), null)
			.price("pricey", price("3", "15"), null)
			.tierRouting(TierRouting.cheapestFirst(500));
	}

	@Test
	void theCheapestProviderServesWhateverTheWeights() {
		Built built = harness().build();
		for (int i = 0; i < 20; i++) {
			assertThat(built.client().chat(REQUEST).block(LIMIT).provider()).isEqualTo("cheap");
		}
		assertThat(built.registry().shares()).containsEntry("cheap", 1.0)
			.containsEntry("pricey", 0.0)
			.containsEntry("unpriced", 0.0);
	}

	@Test
	void weightsShareTheRequestsAmongProvidersOfEqualCost() {
		Built built = harness().provider("alsoCheap", 0, 3, this.alsoCheap)
			.price("alsoCheap", price("0.15", "0.60"), null)
			.build();
		Map<String, Integer> served = new ConcurrentHashMap<>();
		for (int i = 0; i < 400; i++) {
			served.merge(built.client().chat(REQUEST).block(LIMIT).provider(), 1, Integer::sum);
		}
		assertThat(served).containsOnlyKeys("cheap", "alsoCheap");
		assertThat(served.get("alsoCheap") / 400.0).isCloseTo(0.75, within(0.1));
		assertThat(built.registry().shares().get("alsoCheap")).isEqualTo(0.75);
	}

	@Test
	void aFailingCheapProviderStillFailsOverToTheNextCheapestThenItsCircuitOpens() {
		this.cheap.always(() -> this.cheap.status(500));
		Built built = harness().breaker(new CircuitBreakerSettings(50, 4, 4, Duration.ofSeconds(30), 1)).build();
		List<Attempt> attempts = built.client().chat(REQUEST).block(LIMIT).attempts();
		assertThat(attempts).extracting(Attempt::provider).containsExactly("cheap", "pricey");
		assertThat(attempts.get(0).status()).isEqualTo(500);
		for (int i = 0; i < 3; i++) {
			assertThat(built.client().chat(REQUEST).block(LIMIT).provider()).isEqualTo("pricey");
		}
		// Four failures opened the circuit: the next cheapest serves at once.
		assertThat(built.snapshot("cheap").inRotation()).isFalse();
		assertThat(built.client().chat(REQUEST).block(LIMIT).attempts()).extracting(Attempt::provider)
			.containsExactly("pricey");
		assertThat(this.cheap.calls).hasValue(4);
		assertThat(this.unpriced.calls).hasValue(0);
	}

	@Test
	void providersWithoutAPriceServeOnlyWhenEveryPricedOneIsOut() {
		Built built = harness().build();
		built.provider("cheap").circuit().breaker().transitionToForcedOpenState();
		built.provider("pricey").circuit().breaker().transitionToForcedOpenState();
		assertThat(built.client().chat(REQUEST).block(LIMIT).provider()).isEqualTo("unpriced");
	}

	@Test
	void theExpectedCostWeighsTheRequestsInputAgainstItsExpectedOutput() {
		// inputHeavy is cheap to read and dear to write; outputHeavy the other way round.
		ScriptedProvider inputHeavy = new ScriptedProvider("inputHeavy");
		ScriptedProvider outputHeavy = new ScriptedProvider("outputHeavy");
		Built built = new FailoverHarness().provider("inputHeavy", 0, 1, inputHeavy)
			.provider("outputHeavy", 0, 1, outputHeavy)
			.price("inputHeavy", price("1", "10"), null)
			.price("outputHeavy", price("5", "2"), null)
			.tierRouting(TierRouting.cheapestFirst(500))
			.build();
		// A short question expecting 500 tokens: 1 + 5000 against 5 + 1000.
		assertThat(built.client().chat(REQUEST).block(LIMIT).provider()).isEqualTo("outputHeavy");
		// A long document (about 1000 tokens) answered in one token: 1010 against 5002.
		ChatRequest longInput = ChatRequest.builder().user("x".repeat(4000)).maxTokens(1).build();
		assertThat(built.client().chat(longInput).block(LIMIT).provider()).isEqualTo("inputHeavy");
	}

	private static Mono<Completion> answerOf(int outputTokens) {
		return Mono.just(new Completion("x", "model", FinishReason.STOP, new TokenUsage(3, outputTokens)));
	}

	@Test
	void theExpectedOutputOfAProviderIsWhatItsAnswersHadLately() {
		// terse is dear to write but answers in 20 tokens; verbose is cheap to write but
		// answers in 4000.
		ScriptedProvider terse = new ScriptedProvider("terse").always(() -> answerOf(20));
		ScriptedProvider verbose = new ScriptedProvider("verbose").always(() -> answerOf(4000));
		Built built = new FailoverHarness().provider("terse", 0, 1, terse)
			.provider("verbose", 0, 1, verbose)
			.price("terse", price("1", "10"), null)
			.price("verbose", price("1", "2"), null)
			.tierRouting(TierRouting.cheapestFirst(500))
			.build();
		// Expecting 500 tokens of each: 2 + 5000 against 2 + 1000.
		assertThat(built.client().chat(REQUEST).block(LIMIT).provider()).isEqualTo("verbose");
		// Heard from verbose only, terse is expected to answer like it: 2 + 40000
		// against 2 + 8000.
		assertThat(built.client().chat(REQUEST).block(LIMIT).provider()).isEqualTo("verbose");
		built.provider("verbose").circuit().breaker().transitionToForcedOpenState();
		assertThat(built.client().chat(REQUEST).block(LIMIT).provider()).isEqualTo("terse");
		built.provider("verbose").circuit().breaker().transitionToClosedState();
		// Now that each answered: 2 + 200 against 2 + 8000.
		for (int i = 0; i < 5; i++) {
			assertThat(built.client().chat(REQUEST).block(LIMIT).provider()).isEqualTo("terse");
		}
		assertThat(built.registry().shares()).containsEntry("terse", 1.0).containsEntry("verbose", 0.0);
	}

	@Test
	void observedOutputIsADecayingAverageCappedByTheRequestsLimit() {
		FailoverHarness.MutableClock clock = new FailoverHarness.MutableClock();
		TierRouting routing = new CheapestFirstRouting(500, clock);
		List<ProviderRoute> routes = List.of(
				new ProviderRoute(settings("a"), 0, 1, true, FailoverHarness.DEFAULT_BREAKER, price("0", "1")),
				new ProviderRoute(settings("b"), 0, 1, true, FailoverHarness.DEFAULT_BREAKER, price("0", "1")));
		ChatRequest limited = ChatRequest.builder().user("x").maxTokens(50).build();
		// No answers yet: the configured expectation, or the request's limit.
		assertThat(routing.rank(REQUEST, routes)).containsExactly(500, 500);
		assertThat(routing.rank(limited, routes)).containsExactly(50, 50);
		routing.recordAnswer("a", new TokenUsage(1, 100));
		// b, not heard from, is expected to answer like the others.
		assertThat(routing.rank(REQUEST, routes)).containsExactly(100, 100);
		routing.recordAnswer("b", new TokenUsage(1, 300));
		routing.recordAnswer("b", new TokenUsage(1, 0));
		assertThat(routing.rank(REQUEST, routes)).containsExactly(100, 300);
		// A half-life later, the earlier answer counts half: (100 / 2 + 200) / 1.5, in
		// whole tokens.
		clock.advance(CheapestFirstRouting.OUTPUT_HALF_LIFE);
		routing.recordAnswer("a", new TokenUsage(1, 200));
		assertThat(routing.rank(REQUEST, routes)).containsExactly(167, 300);
		assertThat(routing.rank(limited, routes)).containsExactly(50, 50);
	}

	@Test
	void eachTierCanHaveItsOwnStrategy() {
		TierRouting routing = TierRouting.perTier(TierRouting.weighted(), Map.of(1, TierRouting.cheapestFirst(500)));
		List<ProviderRoute> routes = List.of(
				new ProviderRoute(settings("a"), 0, 1, true, FailoverHarness.DEFAULT_BREAKER, price("1", "1")),
				new ProviderRoute(settings("b"), 0, 1, true, FailoverHarness.DEFAULT_BREAKER, price("9", "9")),
				new ProviderRoute(settings("c"), 1, 1, true, FailoverHarness.DEFAULT_BREAKER, price("9", "9")),
				new ProviderRoute(settings("d"), 1, 1, true, FailoverHarness.DEFAULT_BREAKER));
		double[] ranks = routing.rank(REQUEST, routes);
		// Tier 0 by weight alone (equal ranks); tier 1 by cost, the unpriced last.
		assertThat(ranks[0]).isEqualTo(ranks[1]);
		assertThat(ranks[2]).isLessThan(ranks[3]);
		assertThat(TierRouting.weighted().rank(REQUEST, routes)).isNull();
		assertThat(CheapestFirstRouting
			.estimatedInputTokens(ChatRequest.builder().system("12345678").user("1234").build())).isEqualTo(3);
	}

}
