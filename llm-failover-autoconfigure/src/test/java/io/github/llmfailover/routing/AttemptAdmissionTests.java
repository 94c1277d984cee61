package io.github.llmfailover.routing;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Currency;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.cost.Budget;
import io.github.llmfailover.cost.Price;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AttemptAdmission}: a provider without budget or rate limit is attempted at once;
 * one over its budget is refused before its rate limit is asked, so the refusal costs no
 * permit.
 */
class AttemptAdmissionTests {

	/** 100 per million tokens: a scripted answer (3 + 5 tokens) costs 0.0008. */
	private static final Price PRICE = Price.of(new BigDecimal("100"), new BigDecimal("100"),
			Currency.getInstance("USD"));

	private final AtomicInteger attempts = new AtomicInteger();

	private final AtomicInteger refusals = new AtomicInteger();

	@Test
	void providerWithoutBudgetOrRateLimitIsAttemptedAtOnce() {
		FailoverHarness.Built built = new FailoverHarness().provider("p", 0, 1, new ScriptedProvider("p")).build();
		Flux<String> admitted = admit(built.provider("p"));
		// Decided while the flux is assembled: no budget or limiter to wait for.
		assertThat(this.attempts).hasValue(1);
		StepVerifier.create(admitted).expectNext("attempt").verifyComplete();
		assertThat(this.refusals).hasValue(0);
	}

	@Test
	void providerOverItsBudgetIsRefusedWithoutTakingARateLimitPermit() {
		FailoverHarness.Built built = new FailoverHarness().provider("p", 0, 1, new ScriptedProvider("p"))
			.price("p", PRICE, new Budget(new BigDecimal("0.0008"), null))
			.rateLimit("p", new RateLimit(2, 1_000_000))
			.build();
		// One answer spends the day's budget and one of the minute's two permits.
		assertThat(built.client().chat(ChatRequest.of("Hello")).block(Duration.ofSeconds(5)).provider()).isEqualTo("p");
		RoutedProvider provider = built.provider("p");
		for (int i = 0; i < 3; i++) {
			StepVerifier.create(admit(provider)).expectNext("refused").verifyComplete();
		}
		assertThat(this.attempts).hasValue(0);
		assertThat(this.refusals).hasValue(3);
		StepVerifier.create(provider.rateLimits().acquirePermit()).expectNext(true).verifyComplete();
	}

	private Flux<String> admit(RoutedProvider provider) {
		return AttemptAdmission.admit(provider, () -> {
			this.attempts.incrementAndGet();
			return Flux.just("attempt");
		}, () -> {
			this.refusals.incrementAndGet();
			return Flux.just("refused");
		});
	}

}
