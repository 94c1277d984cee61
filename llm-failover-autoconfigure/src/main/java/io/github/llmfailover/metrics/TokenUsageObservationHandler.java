package io.github.llmfailover.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;

import io.github.llmfailover.chat.TokenUsage;
import io.github.llmfailover.routing.ProviderRegistry;
import io.github.llmfailover.routing.RoutedProvider;

/**
 * Records the tokens of each served request as {@code gen_ai.client.token.usage},
 * following the OpenTelemetry GenAI conventions: tagged with {@code gen_ai.token.type}
 * ({@code input} or {@code output}), {@code gen_ai.operation.name} ({@code chat}),
 * {@code gen_ai.provider.name} (the wire format: {@code openai}, {@code anthropic},
 * {@code ollama}), {@code provider} (the configured name) and
 * {@code gen_ai.response.model}. Recorded when the request's observation stops, so a
 * stream counts its final usage.
 */
public class TokenUsageObservationHandler implements ObservationHandler<ChatObservationContext> {

	/** The meter's name. */
	public static final String METER = "gen_ai.client.token.usage";

	private final MeterRegistry meterRegistry;

	private final Supplier<ProviderRegistry> providers;

	private final Map<Key, DistributionSummary> summaries = new ConcurrentHashMap<>();

	/**
	 * @param meterRegistry where to record
	 * @param providers the providers, for their wire format and configured model; looked
	 * up when the first request is recorded, since the providers' HTTP clients themselves
	 * depend on the observation registry this handler is part of
	 */
	public TokenUsageObservationHandler(MeterRegistry meterRegistry, Supplier<ProviderRegistry> providers) {
		this.meterRegistry = meterRegistry;
		this.providers = providers;
	}

	@Override
	public void onStop(ChatObservationContext context) {
		TokenUsage usage = context.getUsage();
		if (usage == null) {
			return;
		}
		String provider = context.getProvider();
		// Streams do not report their model: the configured one stands in.
		String model = (context.getModel() != null) ? context.getModel()
				: this.providers.get().find(provider).map(RoutedProvider::model).orElse("unknown");
		summary(new Key(provider, model, "input")).record(usage.inputTokens());
		summary(new Key(provider, model, "output")).record(usage.outputTokens());
	}

	private DistributionSummary summary(Key key) {
		return this.summaries.computeIfAbsent(key,
				(missing) -> DistributionSummary.builder(METER)
					.description("Tokens used by LLM requests")
					.baseUnit("tokens")
					.tag("gen_ai.token.type", missing.type())
					.tag("gen_ai.operation.name", "chat")
					.tag("gen_ai.provider.name",
							this.providers.get().find(missing.provider()).map(RoutedProvider::type).orElse("unknown"))
					.tag("provider", missing.provider())
					.tag("gen_ai.response.model", missing.model())
					.register(this.meterRegistry));
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ChatObservationContext;
	}

	private record Key(String provider, String model, String type) {
	}

}
