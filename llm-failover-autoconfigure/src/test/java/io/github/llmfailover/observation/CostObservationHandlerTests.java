package io.github.llmfailover.observation;

import java.math.BigDecimal;
import java.util.Currency;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import io.github.llmfailover.chat.Cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link CostObservationHandler}: it adds the cost on the request's context.
 */
class CostObservationHandlerTests {

	private final MeterRegistry meters = new SimpleMeterRegistry();

	private final CostObservationHandler handler = new CostObservationHandler(this.meters);

	@Test
	void addsEachCostToTheCounterOfItsProviderModelAndCurrency() {
		ChatObservationContext context = new ChatObservationContext("chat");
		context.setProvider("openai");
		context.setModel("gpt-4o-mini");
		context.setCost(new Cost(new BigDecimal("0.0125"), Currency.getInstance("USD")));
		this.handler.onStop(context);
		this.handler.onStop(context);
		assertThat(this.meters.get(CostObservationHandler.METER)
			.tags("provider", "openai", "model", "gpt-4o-mini", "currency", "USD")
			.counter()
			.count()).isCloseTo(0.025, within(1e-12));
	}

	@Test
	void aRequestOfUnknownCostAddsNothing() {
		ChatObservationContext context = new ChatObservationContext("chat");
		context.setProvider("local");
		this.handler.onStop(context);
		assertThat(this.meters.find(CostObservationHandler.METER).meters()).isEmpty();
		assertThat(this.handler.supportsContext(context)).isTrue();
	}

}
