package io.github.llmfailover.routing;

import java.util.List;

import org.jspecify.annotations.Nullable;

import io.github.llmfailover.chat.ChatMessage;
import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.Tool;
import io.github.llmfailover.cost.Price;

/**
 * Ranks providers by what a request is expected to cost on each: input price times its
 * estimated input tokens plus output price times its expected output tokens. Providers
 * without a price rank after every priced one.
 */
final class CheapestFirstRouting implements TierRouting {

	/**
	 * Characters per token of English text with the common tokenizers, the usual rule of
	 * thumb. The estimate only has to order providers, and it is the same for all of
	 * them: only the price differences matter.
	 */
	private static final int CHARACTERS_PER_TOKEN = 4;

	private final int expectedOutputTokens;

	/**
	 * @param expectedOutputTokens the output expected of a request that sets no limit,
	 * when its provider sets none either
	 */
	CheapestFirstRouting(int expectedOutputTokens) {
		if (expectedOutputTokens < 1) {
			throw new IllegalArgumentException("The expected output must be at least 1 token");
		}
		this.expectedOutputTokens = expectedOutputTokens;
	}

	@Override
	public double[] rank(@Nullable ChatRequest request, List<ProviderRoute> providers) {
		long input = (request != null) ? estimatedInputTokens(request) : 0;
		Integer requestLimit = (request != null) ? request.maxTokens() : null;
		double[] ranks = new double[providers.size()];
		for (int i = 0; i < ranks.length; i++) {
			ProviderRoute provider = providers.get(i);
			Price price = provider.price();
			if (price == null) {
				ranks[i] = Double.POSITIVE_INFINITY;
				continue;
			}
			Integer providerLimit = provider.settings().defaultMaxTokens();
			long output = (requestLimit != null) ? requestLimit
					: (providerLimit != null) ? providerLimit : this.expectedOutputTokens;
			// Per million tokens, like the prices: the scale does not change the order.
			ranks[i] = price.input().doubleValue() * input + price.output().doubleValue() * output;
		}
		return ranks;
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
