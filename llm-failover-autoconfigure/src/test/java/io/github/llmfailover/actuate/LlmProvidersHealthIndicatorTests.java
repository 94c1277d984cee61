package io.github.llmfailover.actuate;

import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import io.github.llmfailover.routing.ProviderChange;
import io.github.llmfailover.routing.ProviderRegistry;
import io.github.llmfailover.test.TestProviders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LlmProvidersHealthIndicator}.
 */
@SuppressWarnings("unchecked")
class LlmProvidersHealthIndicatorTests {

	private final ProviderRegistry registry = TestProviders.registry();

	private final LlmProvidersHealthIndicator indicator = new LlmProvidersHealthIndicator(this.registry);

	@Test
	void upWhileAProviderIsInRotationWithDetailsPerProvider() {
		this.registry.update("openai", ProviderChange.circuitState(State.FORCED_OPEN));
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsOnlyKeys("openai", "anthropic", "local", "panicRouting");
		assertThat(health.getDetails()).containsEntry("panicRouting", false);
		assertThat((Map<String, Object>) health.getDetails().get("openai")).containsEntry("inRotation", false)
			.containsEntry("circuitState", "FORCED_OPEN");
		assertThat((Map<String, Object>) health.getDetails().get("anthropic")).containsEntry("share", 1.0);
	}

	@Test
	void degradedWhenNoneIsInRotation() {
		this.registry.providers()
			.forEach((provider) -> this.registry.update(provider.name(), ProviderChange.enabled(false)));
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(LlmProvidersHealthIndicator.DEGRADED);
		assertThat((Map<String, Object>) health.getDetails().get("local")).containsEntry("enabled", false);
	}

}
