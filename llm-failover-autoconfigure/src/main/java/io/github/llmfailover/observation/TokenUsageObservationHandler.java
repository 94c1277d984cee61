package io.github.llmfailover.observation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;

import io.github.llmfailover.chat.TokenUsage;

/**
 * Records the tokens of each served request as {@code gen_ai.client.token.usage},
 * following the OpenTelemetry GenAI conventions: tagged with {@code gen_ai.token.type}
 * ({@code input} or {@code output}), {@code gen_ai.operation.name} ({@code chat}),
 * {@code gen_ai.provider.name} (the wire format: {@code openai}, {@code anthropic},
 * {@code ollama}), {@code provider} (the configured name), {@code gen_ai.response.model}
 * and the model {@code group}. Recorded when the request's observation stops, so a stream
 * counts its final usage.
 * <p>
 * The prompt tokens read from and written to the provider's prompt cache (part of the
 * input tokens, priced apart) are counted besides, with the same tags, in the counters
 * {@value #CACHE_READ_METER} and {@value #CACHE_WRITE_METER} (Prometheus:
 * {@code llm_failover_cache_read_tokens_total},
 * {@code llm_failover_cache_write_tokens_total}).
 */
public class TokenUsageObservationHandler implements ObservationHandler<ChatObservationContext> {

	/** The meter's name. */
	public static final String METER = "gen_ai.client.token.usage";

	/** The counter of input tokens read from the prompt cache. */
	public static final String CACHE_READ_METER = "llm.failover.cache.read";

	/** The counter of input tokens written to the prompt cache. */
	public static final String CACHE_WRITE_METER = "llm.failover.cache.write";

	private static final String UNKNOWN = "unknown";

	private final MeterRegistry meterRegistry;

	private final Map<Key, DistributionSummary> summaries = new ConcurrentHashMap<>();

	private final Map<Key, Counter> cacheCounters = new ConcurrentHashMap<>();

	/**
	 * @param meterRegistry where to record
	 */
	public TokenUsageObservationHandler(MeterRegistry meterRegistry) {
		this.meterRegistry = meterRegistry;
	}

	@Override
	public void onStop(ChatObservationContext context) {
		TokenUsage usage = context.getUsage();
		if (usage == null) {
			return;
		}
		String model = context.getModel();
		String type = context.getProviderType();
		Key key = new Key(context.getProvider(), (type != null) ? type : UNKNOWN, (model != null) ? model : UNKNOWN,
				context.getGroup(), "input");
		summary(key).record(usage.inputTokens());
		summary(key.output()).record(usage.outputTokens());
		if (usage.cachedInputTokens() > 0) {
			cacheCounter(key.as(CACHE_READ_METER)).increment(usage.cachedInputTokens());
		}
		if (usage.cacheWriteInputTokens() > 0) {
			cacheCounter(key.as(CACHE_WRITE_METER)).increment(usage.cacheWriteInputTokens());
		}
	}

	private Counter cacheCounter(Key key) {
		return this.cacheCounters.computeIfAbsent(key,
				(missing) -> Counter.builder(missing.type())
					.description(missing.type().equals(CACHE_READ_METER) ? "Input tokens read from the prompt cache"
							: "Input tokens written to the prompt cache")
					.baseUnit("tokens")
					.tags(tags(missing))
					.register(this.meterRegistry));
	}

	private DistributionSummary summary(Key key) {
		return this.summaries.computeIfAbsent(key,
				(missing) -> DistributionSummary.builder(METER)
					.description("Tokens used by LLM requests")
					.baseUnit("tokens")
					.tag("gen_ai.token.type", missing.type())
					.tags(tags(missing))
					.register(this.meterRegistry));
	}

	/** The tags every token meter has: which call, provider, model and group. */
	private static Tags tags(Key key) {
		return Tags.of("gen_ai.operation.name", "chat", "gen_ai.provider.name", key.providerType(), "provider",
				key.provider(), "gen_ai.response.model", key.model(), "group", key.group());
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ChatObservationContext;
	}

	private record Key(String provider, String providerType, String model, String group, String type) {

		Key output() {
			return as("output");
		}

		/** The same provider, model and group, for another token type or meter. */
		Key as(String type) {
			return new Key(this.provider, this.providerType, this.model, this.group, type);
		}

	}

}
