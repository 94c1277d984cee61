package io.github.llmfailover.actuate;

import java.time.Duration;
import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import io.github.llmfailover.routing.ProviderRegistry;
import io.github.llmfailover.routing.ProviderSnapshot;
import io.github.llmfailover.routing.RetryBudget;
import io.github.llmfailover.test.TestProviders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LlmProvidersEndpoint}.
 */
class LlmProvidersEndpointTests {

	private final ProviderRegistry registry = TestProviders.registry();

	private final LlmProvidersEndpoint endpoint = new LlmProvidersEndpoint(this.registry, RetryBudget.unlimited());

	private ProviderSnapshot provider(String name) {
		return this.registry.find(name).orElseThrow();
	}

	@Test
	void describesEveryProviderWithItsShareAndNeverItsKey() {
		TestProviders.circuitBreaker(this.registry, "anthropic")
			.onError(0, java.util.concurrent.TimeUnit.MILLISECONDS, new RuntimeException("x"));
		LlmProvidersEndpoint.ProvidersDescriptor descriptor = this.endpoint.providers();
		assertThat(descriptor.providers()).extracting(ProviderDescriptor::name)
			.containsExactly("openai", "anthropic", "local");
		ProviderDescriptor openai = descriptor.providers().get(0);
		assertThat(openai.type()).isEqualTo("openai");
		assertThat(openai.model()).isEqualTo("gpt-4o-mini");
		assertThat(openai.baseUrl()).isEqualTo("https://api.openai.com/v1");
		assertThat(openai.weight()).isEqualTo(3);
		assertThat(openai.configuredWeight()).isEqualTo(3);
		assertThat(openai.share()).isEqualTo(0.6);
		assertThat(openai.circuitState()).isEqualTo("CLOSED");
		assertThat(openai.failureRate()).isNull();
		assertThat(openai.cooldownUntil()).isNull();
		assertThat(descriptor.providers().get(2).share()).isZero();
		String json = JsonMapper.builder().build().writeValueAsString(descriptor);
		assertThat(json).contains("\"circuitState\":\"CLOSED\"")
			.contains("\"capabilities\":[")
			.doesNotContain(TestProviders.API_KEY);
	}

	@Test
	void describesOneProviderOrAnswers404() {
		WebEndpointResponse<Object> found = this.endpoint.provider("local");
		assertThat(found.getStatus()).isEqualTo(200);
		assertThat(((ProviderDescriptor) found.getBody()).priority()).isEqualTo(1);
		WebEndpointResponse<Object> missing = this.endpoint.provider("nope");
		assertThat(missing.getStatus()).isEqualTo(404);
		assertThat(missing.getBody())
			.isEqualTo(Map.of("error", "No LLM provider named 'nope'; known: openai, anthropic, local"));
	}

	@Test
	void changesTheLiveWeightAndTheShares() {
		WebEndpointResponse<Object> response = this.endpoint.update("openai", "2", null, null, null);
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(provider("openai").weight()).isEqualTo(2);
		assertThat(((ProviderDescriptor) response.getBody()).share()).isEqualTo(0.5);
		this.endpoint.update("openai", "0", null, null, null);
		this.endpoint.update("anthropic", null, "false", null, null);
		assertThat(this.registry.shares()).containsEntry("local", 1.0);
	}

	@Test
	void forcesTheCircuitAndResetsToTheConfiguration() {
		this.endpoint.update("openai", null, null, "forced_open", null);
		assertThat(provider("openai").circuitState()).isEqualTo(State.FORCED_OPEN);
		this.endpoint.update("openai", null, null, "DISABLED", null);
		assertThat(provider("openai").circuitState()).isEqualTo(State.DISABLED);
		this.endpoint.update("openai", "9", "false", null, null);
		WebEndpointResponse<Object> reset = this.endpoint.update("openai", null, null, null, "true");
		ProviderDescriptor after = (ProviderDescriptor) reset.getBody();
		assertThat(after.weight()).isEqualTo(3);
		assertThat(after.enabled()).isTrue();
		assertThat(after.circuitState()).isEqualTo("CLOSED");
		assertThat(after.inRotation()).isTrue();
	}

	@Test
	void answers400NamingWhatIsWrong() {
		assertBadRequest(this.endpoint.update("openai", "-1", null, null, null), "weight must not be negative");
		assertBadRequest(this.endpoint.update("openai", "many", null, null, null), "weight must be a whole number");
		assertBadRequest(this.endpoint.update("openai", null, "yes", null, null), "enabled must be true or false");
		assertBadRequest(this.endpoint.update("openai", null, null, "OPEN", null), "circuitState must be FORCED_OPEN");
		assertBadRequest(this.endpoint.update("openai", null, null, null, null), "Nothing to change");
		assertBadRequest(this.endpoint.update("openai", "2", null, null, "true"), "reset cannot be combined");
		assertBadRequest(this.endpoint.update("openai", null, null, null, "false"), "reset can only be true");
		assertThat(provider("openai").weight()).isEqualTo(3);
		assertThat(this.endpoint.update("nope", "1", null, null, null).getStatus()).isEqualTo(404);
	}

	@Test
	void showsCooldownsAndLastErrors() {
		TestProviders.coolDown(this.registry, "openai", Duration.ofSeconds(30));
		ProviderDescriptor openai = this.endpoint.providers().providers().get(0);
		assertThat(openai.cooldownUntil()).isNotNull();
		assertThat(openai.inRotation()).isFalse();
		assertThat(openai.share()).isZero();
	}

	private static void assertBadRequest(WebEndpointResponse<Object> response, String message) {
		assertThat(response.getStatus()).isEqualTo(400);
		assertThat(((Map<?, ?>) response.getBody()).get("error").toString()).contains(message);
	}

}
