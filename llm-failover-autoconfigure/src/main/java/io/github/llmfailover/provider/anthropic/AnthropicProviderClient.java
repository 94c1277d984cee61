package io.github.llmfailover.provider.anthropic;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.WebClient;

import io.github.llmfailover.chat.Capability;
import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.FinishReason;
import io.github.llmfailover.chat.ToolCall;
import io.github.llmfailover.provider.Completion;
import io.github.llmfailover.provider.HttpProviderClient;
import io.github.llmfailover.provider.ProviderClientFactory;
import io.github.llmfailover.provider.ProviderSettings;
import io.github.llmfailover.provider.RateLimitStatus;
import io.github.llmfailover.provider.StreamDecoder;
import io.github.llmfailover.provider.WireJson;

/**
 * Anthropic Messages ({@code POST {base-url}/v1/messages}): {@code x-api-key} and
 * {@code anthropic-version} headers, the system prompt at the top level, and a
 * {@code max_tokens} on every request. Tool calls are {@code tool_use} content blocks
 * whose {@code input} is an object; see {@link AnthropicRequests} for the mapping.
 */
public final class AnthropicProviderClient extends HttpProviderClient {

	static final String API_VERSION = "2023-06-01";

	/**
	 * Anthropic requires a limit; this one applies when neither request nor provider sets
	 * one.
	 */
	static final int DEFAULT_MAX_TOKENS = 1024;

	AnthropicProviderClient(ProviderSettings settings, WebClient.Builder webClientBuilder) {
		super(settings, webClientBuilder, "/v1/messages");
	}

	/**
	 * The factory of Anthropic Messages API clients; by default they can do everything a
	 * request may need (structured output needs a model with {@code output_config}).
	 * @return the factory of type {@code anthropic}
	 */
	public static ProviderClientFactory factory() {
		return ProviderClientFactory.of("anthropic", EnumSet.allOf(Capability.class), AnthropicProviderClient::new);
	}

	@Override
	protected void authenticate(HttpHeaders headers) {
		if (this.settings.apiKey() != null) {
			headers.set("x-api-key", this.settings.apiKey());
		}
		headers.set("anthropic-version", API_VERSION);
	}

	@Override
	protected @Nullable RateLimitStatus rateLimitStatus(HttpHeaders headers, Clock clock) {
		return AnthropicRateLimitHeaders.read(headers, clock);
	}

	@Override
	protected ObjectNode requestBody(ChatRequest request, boolean stream) {
		Integer maxTokens = maxTokens(request);
		ObjectNode body = WireJson.newObject()
			.put("model", this.settings.model())
			.put("max_tokens", (maxTokens != null) ? maxTokens : DEFAULT_MAX_TOKENS);
		String system = request.systemPrompt();
		if (system != null) {
			body.put("system", system);
		}
		AnthropicRequests.putMessages(body, request);
		if (request.temperature() != null) {
			body.put("temperature", request.temperature());
		}
		if (!request.capabilities().isEmpty() || !request.stop().isEmpty() || request.topP() != null
				|| request.endUser() != null) {
			AnthropicRequests.putOptions(body, request, this.settings.structuredOutput());
		}
		if (stream) {
			body.put("stream", true);
		}
		return body;
	}

	@Override
	protected Completion readCompletion(JsonNode body) {
		JsonNode content = body.path("content");
		if (!content.isArray()) {
			throw new IllegalStateException("no 'content' array in the answer");
		}
		StringBuilder text = new StringBuilder();
		List<ToolCall> toolCalls = new ArrayList<>(0);
		boolean jsonAnswer = false;
		for (JsonNode block : content) {
			String type = WireJson.optionalText(block, "type");
			if ("text".equals(type)) {
				text.append(block.path("text").asString(""));
			}
			else if ("tool_use".equals(type)) {
				ToolCall call = new ToolCall(WireJson.requiredText(block, "id", "content[].id"),
						WireJson.requiredText(block, "name", "content[].name"), block.path("input").toString());
				if (AnthropicRequests.JSON_ANSWER_TOOL.equals(call.name())) {
					// A JSON object answer forced through a tool: its input is the
					// answer.
					text.append(call.arguments());
					jsonAnswer = true;
				}
				else {
					toolCalls.add(call);
				}
			}
		}
		String model = WireJson.optionalText(body, "model");
		FinishReason reason = finishReason(WireJson.optionalText(body, "stop_reason"));
		return new Completion(text.toString(), (model != null) ? model : this.settings.model(),
				(jsonAnswer && toolCalls.isEmpty() && reason == FinishReason.TOOL_CALLS) ? FinishReason.STOP : reason,
				AnthropicUsage.of(body.path("usage")), toolCalls);
	}

	static FinishReason finishReason(@Nullable String value) {
		if (value == null) {
			return FinishReason.STOP;
		}
		return switch (value) {
			case "end_turn", "stop_sequence" -> FinishReason.STOP;
			case "max_tokens", "model_context_window_exceeded" -> FinishReason.LENGTH;
			case "tool_use" -> FinishReason.TOOL_CALLS;
			case "refusal" -> FinishReason.CONTENT_FILTER;
			default -> FinishReason.OTHER;
		};
	}

	@Override
	protected @Nullable String errorMessage(JsonNode body) {
		return WireJson.optionalText(body.path("error"), "message");
	}

	@Override
	protected @Nullable String errorCode(JsonNode body) {
		return WireJson.optionalText(body.path("error"), "type");
	}

	@Override
	protected StreamDecoder newStreamDecoder() {
		return new AnthropicStreamDecoder(this.settings.name());
	}

}
