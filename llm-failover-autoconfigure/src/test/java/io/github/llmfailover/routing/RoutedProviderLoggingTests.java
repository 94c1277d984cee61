package io.github.llmfailover.routing;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Currency;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.cost.Budget;
import io.github.llmfailover.cost.Price;
import io.github.llmfailover.routing.FailoverHarness.Built;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What happens to a provider is logged under one category, {@code RoutedProvider}, as
 * docs/operations.md shows and operators filter on, whichever of its parts does it:
 * operator changes, circuit transitions, cooldowns, resets, a reached budget.
 */
class RoutedProviderLoggingTests {

	private final Logger logger = (Logger) LoggerFactory.getLogger(RoutedProvider.class);

	private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

	@BeforeEach
	void capture() {
		this.logged.start();
		this.logger.addAppender(this.logged);
	}

	@AfterEach
	void release() {
		this.logger.detachAppender(this.logged);
	}

	@Test
	void operatorChangesCircuitsAndCooldownsAreLoggedUnderRoutedProvider() {
		Built built = new FailoverHarness().provider("openai", 0, 3, new ScriptedProvider("openai")).build();
		ProviderRegistry registry = built.registry();
		registry.update("openai", ProviderChange.weight(7));
		registry.update("openai", ProviderChange.circuitState(State.FORCED_OPEN));
		built.provider("openai").cooldown().coolDown(Duration.ofSeconds(10));
		registry.update("openai", ProviderChange.resetToConfiguration());
		assertThat(this.logged.list).extracting(ILoggingEvent::getFormattedMessage)
			.containsExactly("LLM provider 'openai': weight changed from 3 to 7",
					"Circuit of LLM provider 'openai' went from CLOSED to FORCED_OPEN",
					"LLM provider 'openai' asked to back off; out of rotation for 10000 ms",
					"Circuit of LLM provider 'openai' went from FORCED_OPEN to CLOSED",
					"LLM provider 'openai' reset to its configuration (weight 3, enabled true, circuit CLOSED)");
	}

	@Test
	void aReachedBudgetIsLoggedUnderRoutedProvider() {
		// 100 per million tokens: a scripted answer (3 + 5 tokens) costs 0.0008.
		Price price = Price.of(new BigDecimal("100"), new BigDecimal("100"), Currency.getInstance("USD"));
		Built built = new FailoverHarness().provider("openai", 0, 1, new ScriptedProvider("openai"))
			.price("openai", price, new Budget(new BigDecimal("0.0008"), null))
			.build();
		assertThat(built.client().chat(ChatRequest.of("Hello")).block(Duration.ofSeconds(5)).provider())
			.isEqualTo("openai");
		assertThat(this.logged.list).extracting(ILoggingEvent::getFormattedMessage)
			.singleElement(InstanceOfAssertFactories.STRING)
			.startsWith("LLM provider 'openai' reached its daily budget (spent ");
	}

}
