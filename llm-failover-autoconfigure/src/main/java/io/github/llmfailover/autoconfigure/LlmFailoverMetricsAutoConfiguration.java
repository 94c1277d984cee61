package io.github.llmfailover.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.context.annotation.Bean;

import io.github.llmfailover.actuate.DegradedRoutingMeterBinder;
import io.github.llmfailover.actuate.HedgingMeterBinder;
import io.github.llmfailover.observation.CostObservationHandler;
import io.github.llmfailover.observation.TokenUsageObservationHandler;
import io.github.llmfailover.routing.Hedging;
import io.github.llmfailover.routing.PanicMode;
import io.github.llmfailover.routing.ProviderRegistry;
import io.github.llmfailover.routing.RetryBudget;

/**
 * Auto-configuration of the token usage metric {@code gen_ai.client.token.usage} and the
 * cost counter {@code llm.failover.cost}, and the panic routing and retry budget meters,
 * when the application has a {@link MeterRegistry}. The request and attempt timers come
 * from the client's observations through Spring Boot's own observation handlers.
 */
@AutoConfiguration(after = { LlmFailoverAutoConfiguration.class, MetricsAutoConfiguration.class,
		CompositeMeterRegistryAutoConfiguration.class })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, ProviderRegistry.class })
public final class LlmFailoverMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TokenUsageObservationHandler llmTokenUsageObservationHandler(MeterRegistry meterRegistry) {
		return new TokenUsageObservationHandler(meterRegistry);
	}

	@Bean
	@ConditionalOnMissingBean
	CostObservationHandler llmCostObservationHandler(MeterRegistry meterRegistry) {
		return new CostObservationHandler(meterRegistry);
	}

	@Bean
	@ConditionalOnMissingBean
	DegradedRoutingMeterBinder llmDegradedRoutingMeterBinder(ObjectProvider<ProviderRegistry> providers,
			ObjectProvider<RetryBudget> retryBudget) {
		return new DegradedRoutingMeterBinder(() -> panicModes(providers.getObject()),
				() -> retryBudget.getIfAvailable(RetryBudget::unlimited));
	}

	/** Each model group's panic mode, in the order of the groups. */
	private static Map<String, PanicMode> panicModes(ProviderRegistry providers) {
		Map<String, PanicMode> panics = new LinkedHashMap<>();
		providers.groups().forEach((name, group) -> panics.put(name, group.panic()));
		return panics;
	}

	@Bean
	@ConditionalOnMissingBean
	HedgingMeterBinder llmHedgingMeterBinder(ObjectProvider<Hedging> hedging) {
		return new HedgingMeterBinder(() -> hedging.getIfAvailable(Hedging::off).budget());
	}

}
