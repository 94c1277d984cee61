package io.github.llmfailover.sample.gateway;

import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import io.github.llmfailover.chat.ChatRequest;

/**
 * An OpenAI Chat Completions request, read from the JSON tree so that each mistake is
 * reported with the {@code param} it concerns, as OpenAI does. Messages (content parts,
 * assistant {@code tool_calls}, {@code tool} results), tools and structured output are
 * read by {@link CompletionMessages} and {@link CompletionTools}. A field the gateway
 * cannot honour is refused with a 400 naming it unless its value is the neutral default;
 * unknown fields are ignored.
 *
 * @param request the request for the failover client
 * @param model the model the client asked for (reported back; the providers' models
 * answer)
 * @param stream whether to stream
 * @param includeUsage whether a stream ends with a usage chunk
 */
record CompletionRequest(ChatRequest request, String model, boolean stream, boolean includeUsage) {

	/** Fields no provider behind the gateway can honour, and their neutral values. */
	private static final Map<String, Predicate<JsonNode>> NEUTRAL = Map.ofEntries(
			Map.entry("n", (value) -> value.canConvertToInt() && value.asInt() == 1),
			Map.entry("logprobs", (value) -> value.isBoolean() && !value.asBoolean()),
			Map.entry("top_logprobs", (value) -> value.canConvertToInt() && value.asInt() == 0),
			Map.entry("logit_bias", (value) -> value.isObject() && value.isEmpty()),
			Map.entry("frequency_penalty", (value) -> value.isNumber() && value.asDouble() == 0),
			Map.entry("presence_penalty", (value) -> value.isNumber() && value.asDouble() == 0),
			Map.entry("functions", (value) -> value.isArray() && value.isEmpty()),
			Map.entry("function_call", (value) -> "none".equals(value.asString(""))),
			Map.entry("audio", (value) -> false),
			Map.entry("modalities",
					(value) -> value.isArray() && value.size() == 1 && "text".equals(value.get(0).asString(""))),
			Map.entry("prediction", (value) -> false), Map.entry("web_search_options", (value) -> false),
			Map.entry("store", (value) -> value.isBoolean() && !value.asBoolean()), Map.entry("service_tier",
					(value) -> "auto".equals(value.asString("")) || "default".equals(value.asString(""))));

	/**
	 * Read a request.
	 * @param body the JSON body
	 * @param hedge what the caller asked of hedging
	 * @return the request
	 * @throws GatewayRequestException naming what is wrong
	 */
	static CompletionRequest parse(byte @Nullable [] body, Consumer<ChatRequest.Builder> hedge) {
		JsonNode json = JsonFields.object(body, "messages");
		JsonFields.refuseUnlessNeutral(json, NEUTRAL);
		ChatRequest.Builder builder = ChatRequest.builder();
		hedge.accept(builder);
		CompletionMessages.read(json, builder);
		readOptions(json, builder);
		CompletionTools.read(json, builder);
		boolean stream = JsonFields.bool(json, "stream");
		JsonNode options = json.get("stream_options");
		if (options != null && !options.isNull() && !options.isObject()) {
			throw new GatewayRequestException("stream_options", "stream_options must be an object");
		}
		boolean includeUsage = options != null && options.isObject() && JsonFields.bool(options, "include_usage");
		if (includeUsage && !stream) {
			throw new GatewayRequestException("stream_options", "stream_options is only allowed when stream is true");
		}
		String model = JsonFields.string(json, "model", "model");
		return new CompletionRequest(build(builder), (model != null) ? model : "", stream, includeUsage);
	}

	private static ChatRequest build(ChatRequest.Builder builder) {
		try {
			return builder.build();
		}
		catch (IllegalArgumentException ex) {
			throw new GatewayRequestException("messages", String.valueOf(ex.getMessage()));
		}
	}

	private static void readOptions(JsonNode json, ChatRequest.Builder builder) {
		Integer maxTokens = JsonFields.positiveInt(json, "max_completion_tokens");
		if (maxTokens == null) {
			maxTokens = JsonFields.positiveInt(json, "max_tokens");
		}
		if (maxTokens != null) {
			builder.maxTokens(maxTokens);
		}
		readSampling(json, builder, 2);
		JsonNode seed = json.get("seed");
		if (seed != null && !seed.isNull()) {
			if (!seed.isIntegralNumber() || !seed.canConvertToLong()) {
				throw new GatewayRequestException("seed", "seed must be an integer");
			}
			builder.seed(seed.asLong());
		}
		JsonNode user = json.get("user");
		if (user != null && !user.isNull()) {
			if (!user.isString()) {
				throw new GatewayRequestException("user", "user must be a string");
			}
			builder.endUser(user.stringValue());
		}
		readStop(json.get("stop"), builder);
	}

	/**
	 * The sampling settings every API of the gateway shares: {@code temperature} and
	 * {@code top_p}.
	 * @param json the request
	 * @param builder the request for the failover client
	 * @param maxTemperature the highest temperature the API accepts
	 */
	static void readSampling(JsonNode json, ChatRequest.Builder builder, double maxTemperature) {
		Double temperature = JsonFields.number(json, "temperature", maxTemperature);
		if (temperature != null) {
			builder.temperature(temperature);
		}
		Double topP = JsonFields.number(json, "top_p", 1);
		if (topP != null) {
			builder.topP(topP);
		}
	}

	private static void readStop(@Nullable JsonNode stop, ChatRequest.Builder builder) {
		if (stop == null || stop.isNull()) {
			return;
		}
		if (stop.isString() && !stop.stringValue().isEmpty()) {
			builder.stop(stop.stringValue());
			return;
		}
		if (stop.isArray() && stop.size() <= 4) {
			String[] sequences = new String[stop.size()];
			for (int i = 0; i < sequences.length; i++) {
				sequences[i] = stop.get(i).isString() ? stop.get(i).stringValue() : "";
				if (sequences[i].isEmpty()) {
					throw new GatewayRequestException("stop", "stop must hold non-empty strings");
				}
			}
			builder.stop(sequences);
			return;
		}
		throw new GatewayRequestException("stop", "stop must be a string or an array of up to 4 strings");
	}

}
