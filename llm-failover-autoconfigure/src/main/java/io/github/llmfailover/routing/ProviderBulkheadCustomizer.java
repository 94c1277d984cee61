package io.github.llmfailover.routing;

import java.time.Duration;
import java.util.Map;

import io.github.resilience4j.bulkhead.BulkheadConfig;

import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4jBulkheadProvider;
import org.springframework.cloud.client.circuitbreaker.Customizer;

/**
 * Sets each provider's concurrency limit on the bulkhead its calls go through, which
 * comes from Spring Cloud CircuitBreaker's bulkhead provider. Left alone, that bulkhead
 * admits 25 concurrent calls per provider and rejects the rest, a limit too low for a
 * gateway and easy to hit by surprise. Calls over the limit are not queued: they fail
 * over at once.
 */
public final class ProviderBulkheadCustomizer implements Customizer<ReactiveResilience4jBulkheadProvider> {

	private final Map<String, Integer> maxConcurrentCallsByProvider;

	/**
	 * @param maxConcurrentCallsByProvider the limit of each provider, by name
	 */
	public ProviderBulkheadCustomizer(Map<String, Integer> maxConcurrentCallsByProvider) {
		this.maxConcurrentCallsByProvider = Map.copyOf(maxConcurrentCallsByProvider);
	}

	@Override
	public void customize(ReactiveResilience4jBulkheadProvider bulkheads) {
		this.maxConcurrentCallsByProvider.forEach((name,
				limit) -> bulkheads.configure((builder) -> builder.bulkheadConfig(
						BulkheadConfig.custom().maxConcurrentCalls(limit).maxWaitDuration(Duration.ZERO).build()),
						name));
	}

}
