package io.github.llmfailover.routing;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import io.github.llmfailover.chat.ChatMessage;
import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.TokenUsage;
import io.github.llmfailover.chat.Tool;
import io.github.llmfailover.cost.Price;

/**
 * Ranks providers by what a request is expected to cost on each: input price times its
 * estimated input tokens plus output price times its expected output tokens. The expected
 * output of a provider is what its answers had lately (an average of their output tokens
 * in which an answer counts half after {@link #OUTPUT_HALF_LIFE}, never above the
 * request's limit); for one not heard from yet, the mean of the others'; before any
 * answer, the request's limit or the configured expectation. Providers without a price
 * rank after every priced one.
 */
final class CheapestFirstRouting implements TierRouting {

	/**
	 * Characters per token of English text with the common tokenizers, the usual rule of
	 * thumb. The estimate only has to order providers, and it is the same for all of
	 * them: only the price differences matter.
	 */
	private static final int CHARACTERS_PER_TOKEN = 4;

	/**
	 * How long until an answer counts half in its provider's average output: the length
	 * of answers follows the application's requests, which change over minutes rather
	 * than seconds.
	 */
	static final Duration OUTPUT_HALF_LIFE = Duration.ofMinutes(1);

	private final int expectedOutputTokens;

	private final Clock clock;

	/** The output tokens of each provider's recent answers, by provider name. */
	private final Map<String, DecayingAverage> outputTokens = new ConcurrentHashMap<>();

	/**
	 * @param expectedOutputTokens the output expected, before a provider's first answer,
	 * of a request that sets no limit, when its provider sets none either
	 */
	CheapestFirstRouting(int expectedOutputTokens) {
		this(expectedOutputTokens, Clock.systemUTC());
	}

	/**
	 * @param expectedOutputTokens the output expected, before a provider's first answer,
	 * of a request that sets no limit, when its provider sets none either
	 * @param clock the clock that ages the averages
	 */
	CheapestFirstRouting(int expectedOutputTokens, Clock clock) {
		if (expectedOutputTokens < 1) {
			throw new IllegalArgumentException("The expected output must be at least 1 token");
		}
		this.expectedOutputTokens = expectedOutputTokens;
		this.clock = clock;
	}

	@Override
	public double[] rank(@Nullable ChatRequest request, List<ProviderRoute> providers) {
		long input = (request != null) ? estimatedInputTokens(request) : 0;
		Integer requestLimit = (request != null) ? request.maxTokens() : null;
		double[] observed = observedOutputs(providers);
		double typical = mean(observed);
		double[] ranks = new double[providers.size()];
		for (int i = 0; i < ranks.length; i++) {
			ProviderRoute provider = providers.get(i);
			Price price = provider.price();
			if (price == null) {
				ranks[i] = Double.POSITIVE_INFINITY;
				continue;
			}
			Integer providerLimit = provider.settings().defaultMaxTokens();
			Integer limit = (requestLimit != null) ? requestLimit : providerLimit;
			double output = expectedOutput(Double.isNaN(observed[i]) ? typical : observed[i], limit);
			// Per million tokens, like the prices: the scale does not change the order.
			ranks[i] = price.input().doubleValue() * input + price.output().doubleValue() * output;
		}
		return ranks;
	}

	/**
	 * The average output tokens of each provider's recent answers.
	 * @return the averages by index, {@link Double#NaN} for a provider not heard from
	 */
	private double[] observedOutputs(List<ProviderRoute> providers) {
		double[] observed = new double[providers.size()];
		for (int i = 0; i < observed.length; i++) {
			DecayingAverage average = this.outputTokens.get(providers.get(i).name());
			observed[i] = (average != null) ? average.value() : Double.NaN;
		}
		return observed;
	}

	/**
	 * What the answers of a provider not heard from yet are expected to have: the mean of
	 * the others' averages (the length of an answer depends on the requests more than on
	 * the model), so that it is neither favoured nor starved.
	 * @return the mean, or {@link Double#NaN} when no provider was heard from
	 */
	private static double mean(double[] observed) {
		double sum = 0;
		int count = 0;
		for (double average : observed) {
			if (!Double.isNaN(average)) {
				sum += average;
				count++;
			}
		}
		return (count > 0) ? sum / count : Double.NaN;
	}

	/**
	 * The output an answer is expected to have: what answers had, which no answer can
	 * exceed the limit of; without answers, the limit, else the configured expectation.
	 */
	private double expectedOutput(double observed, @Nullable Integer limit) {
		if (!Double.isNaN(observed)) {
			// Whole tokens: providers whose answers are alike tie, whatever the rounding
			// of their averages.
			long tokens = Math.round(observed);
			return (limit != null) ? Math.min(tokens, limit) : tokens;
		}
		return (limit != null) ? limit : this.expectedOutputTokens;
	}

	@Override
	public void recordAnswer(String provider, TokenUsage usage) {
		// Providers that report no usage say nothing about their answers' length.
		if (usage.outputTokens() > 0) {
			this.outputTokens.computeIfAbsent(provider, (name) -> new DecayingAverage(OUTPUT_HALF_LIFE.toMillis()))
				.add(usage.outputTokens(), this.clock.millis());
		}
	}

	/**
	 * The request's input tokens, estimated from its characters: messages (system ones
	 * included) and tool definitions. Images are left out.
	 */
	static long estimatedInputTokens(ChatRequest request) {
		long characters = 0;
		for (ChatMessage message : request.messages()) {
			characters += message.content().length();
		}
		for (Tool tool : request.tools()) {
			String description = tool.description();
			characters += tool.name().length() + tool.parameters().length()
					+ ((description != null) ? description.length() : 0);
		}
		return (characters + CHARACTERS_PER_TOKEN - 1) / CHARACTERS_PER_TOKEN;
	}

}
