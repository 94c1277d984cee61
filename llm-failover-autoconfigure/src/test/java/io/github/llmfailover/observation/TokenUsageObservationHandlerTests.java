package io.github.llmfailover.observation;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import io.github.llmfailover.chat.TokenUsage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TokenUsageObservationHandler}: everything it tags comes from the
 * request's observation context.
 */
class TokenUsageObservationHandlerTests {

	private final MeterRegistry meters = new SimpleMeterRegistry();

	private final TokenUsageObservationHandler handler = new TokenUsageObservationHandler(this.meters);

	@Test
	void tagsTheProviderItsWireFormatAndModelFromTheContext() {
		ChatObservationContext context = new ChatObservationContext("stream");
		context.setProvider("claude");
		context.setProviderType("anthropic");
		context.setModel("claude-haiku-4-5");
		context.setUsage(new TokenUsage(12, 34));
		this.handler.onStop(context);
		this.handler.onStop(context);
		assertThat(this.meters.get(TokenUsageObservationHandler.METER)
			.tags("gen_ai.token.type", "output", "gen_ai.provider.name", "anthropic", "provider", "claude",
					"gen_ai.response.model", "claude-haiku-4-5", "gen_ai.operation.name", "chat")
			.summary()
			.totalAmount()).isEqualTo(68);
		assertThat(this.meters.get(TokenUsageObservationHandler.METER)
			.tags("gen_ai.token.type", "input")
			.summary()
			.totalAmount()).isEqualTo(24);
	}

	@Test
	void countsCachedAndCacheWriteTokensApartWithTheSameTags() {
		ChatObservationContext context = new ChatObservationContext("chat");
		context.setProvider("claude");
		context.setProviderType("anthropic");
		context.setModel("claude-haiku-4-5");
		context.setUsage(new TokenUsage(1000, 20, 600, 300));
		this.handler.onStop(context);
		this.handler.onStop(context);
		String[] tags = { "gen_ai.provider.name", "anthropic", "provider", "claude", "gen_ai.response.model",
				"claude-haiku-4-5", "gen_ai.operation.name", "chat" };
		assertThat(this.meters.get(TokenUsageObservationHandler.CACHE_READ_METER).tags(tags).counter().count())
			.isEqualTo(1200);
		assertThat(this.meters.get(TokenUsageObservationHandler.CACHE_WRITE_METER).tags(tags).counter().count())
			.isEqualTo(600);
		assertThat(this.meters.get(TokenUsageObservationHandler.CACHE_READ_METER).counter().getId().getBaseUnit())
			.isEqualTo("tokens");
	}

	@Test
	void countsNoCacheTokensForAnswersWithoutAny() {
		ChatObservationContext context = new ChatObservationContext("chat");
		context.setProvider("openai");
		context.setUsage(new TokenUsage(12, 34));
		this.handler.onStop(context);
		assertThat(this.meters.find(TokenUsageObservationHandler.CACHE_READ_METER).meters()).isEmpty();
		assertThat(this.meters.find(TokenUsageObservationHandler.CACHE_WRITE_METER).meters()).isEmpty();
	}

	@Test
	void recordsNothingWithoutUsage() {
		ChatObservationContext context = new ChatObservationContext("chat");
		this.handler.onStop(context);
		assertThat(this.meters.find(TokenUsageObservationHandler.METER).meters()).isEmpty();
		assertThat(this.handler.supportsContext(context)).isTrue();
	}

}
