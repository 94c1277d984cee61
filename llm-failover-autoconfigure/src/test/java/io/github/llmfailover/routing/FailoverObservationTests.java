package io.github.llmfailover.routing;

import java.time.Duration;

import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.observation.ChatObservationContext;
import io.github.llmfailover.observation.DefaultAttemptObservationConvention;
import io.github.llmfailover.observation.DefaultChatObservationConvention;
import io.github.llmfailover.routing.FailoverHarness.Built;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests and attempts are observed with low-cardinality tags that say who served and
 * why traffic moved.
 */
class FailoverObservationTests {

	private final TestObservationRegistry observations = TestObservationRegistry.create();

	private final ScriptedProvider primary = new ScriptedProvider("primary");

	private final ScriptedProvider secondary = new ScriptedProvider("secondary");

	private final Built built = new FailoverHarness().observations(this.observations)
		.provider("primary", 0, 1, this.primary)
		.provider("secondary", 1, 1, this.secondary)
		.build();

	@Test
	void aFailedOverRequestIsOneRequestObservationWithAnAttemptObservationPerProvider() {
		this.primary.then(() -> this.primary.status(503));
		this.built.client().chat(ChatRequest.of("hi")).block(Duration.ofSeconds(5));
		TestObservationRegistryAssert.assertThat(this.observations)
			.hasNumberOfObservationsWithNameEqualTo(DefaultChatObservationConvention.NAME, 1)
			.hasNumberOfObservationsWithNameEqualTo(DefaultAttemptObservationConvention.NAME, 2)
			.hasAnObservation((observation) -> observation.hasNameEqualTo(DefaultChatObservationConvention.NAME)
				.hasLowCardinalityKeyValue("outcome", "success")
				.hasLowCardinalityKeyValue("provider", "secondary")
				.hasLowCardinalityKeyValue("operation", "chat")
				.isNotNull())
			.hasAnObservation((observation) -> observation.hasNameEqualTo(DefaultAttemptObservationConvention.NAME)
				.hasLowCardinalityKeyValue("provider", "primary")
				.hasLowCardinalityKeyValue("outcome", "server_error")
				.hasError())
			.hasAnObservation((observation) -> observation.hasNameEqualTo(DefaultAttemptObservationConvention.NAME)
				.hasLowCardinalityKeyValue("provider", "secondary")
				.hasLowCardinalityKeyValue("outcome", "success"));
	}

	@Test
	void theRequestObservationCarriesTheUsageForTokenMetrics() {
		this.built.client().chat(ChatRequest.of("hi")).block(Duration.ofSeconds(5));
		TestObservationRegistryAssert.assertThat(this.observations)
			.hasAnObservation((observation) -> observation.hasNameEqualTo(DefaultChatObservationConvention.NAME)
				.hasContextualNameEqualTo("llm chat")
				.satisfies((context) -> assertThat(((ChatObservationContext) context).getUsage().outputTokens())
					.isEqualTo(5)));
	}

	@Test
	void requestsThatFindNoProviderAreTaggedSo() {
		this.built.registry().update("primary", ProviderChange.enabled(false));
		this.built.registry().update("secondary", ProviderChange.enabled(false));
		this.built.client().chat(ChatRequest.of("hi")).onErrorResume((ex) -> Mono.empty()).block(Duration.ofSeconds(5));
		TestObservationRegistryAssert.assertThat(this.observations)
			.hasSingleObservationThat()
			.hasNameEqualTo(DefaultChatObservationConvention.NAME)
			.hasLowCardinalityKeyValue("outcome", "no_provider")
			.hasLowCardinalityKeyValue("provider", "none");
	}

	@Test
	void cancelledRequestsAndAttemptsAreTaggedCancelled() {
		this.primary.always(Mono::never);
		this.built.client().chat(ChatRequest.of("hi")).subscribe().dispose();
		TestObservationRegistryAssert.assertThat(this.observations)
			.hasAnObservation((observation) -> observation.hasNameEqualTo(DefaultChatObservationConvention.NAME)
				.hasLowCardinalityKeyValue("outcome", "cancelled"))
			.hasAnObservation((observation) -> observation.hasNameEqualTo(DefaultAttemptObservationConvention.NAME)
				.hasLowCardinalityKeyValue("outcome", "cancelled")
				.doesNotHaveError());
	}

}
