package io.github.llmfailover.provider.openai;

import java.time.Clock;
import java.util.EnumSet;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.WebClient;

import io.github.llmfailover.chat.Capability;
import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.FinishReason;
import io.github.llmfailover.provider.Completion;
import io.github.llmfailover.provider.FunctionToolCalls;
import io.github.llmfailover.provider.HttpProviderClient;
import io.github.llmfailover.provider.ProviderClientFactory;
import io.github.llmfailover.provider.ProviderSettings;
import io.github.llmfailover.provider.RateLimitStatus;
import io.github.llmfailover.provider.StreamDecoder;
import io.github.llmfailover.provider.WireJson;

/**
 * OpenAI Chat Completions ({@code POST {base-url}/chat/completions}), spoken by OpenAI
 * and by every compatible API. Sends {@code max_tokens}, which compatible servers
 * understand. Tools, tool calls, images and structured output use the native shapes.
 */
public final class OpenAiProviderClient extends HttpProviderClient {

	OpenAiProviderClient(ProviderSettings settings, WebClient.Builder webClientBuilder) {
		super(settings, webClientBuilder, "/chat/completions");
	}

	/**
	 * The factory of OpenAI Chat Completions clients, for OpenAI and every compatible
	 * API; by default they can do everything a request may need.
	 * @return the factory of type {@code openai}
	 */
	public static ProviderClientFactory factory() {
		return ProviderClientFactory.of("openai", EnumSet.allOf(Capability.class), OpenAiProviderClient::new);
	}

	@Override
	protected @Nullable RateLimitStatus rateLimitStatus(HttpHeaders headers, Clock clock) {
		return OpenAiRateLimitHeaders.read(headers);
	}

	@Override
	protected ObjectNode requestBody(ChatRequest request, boolean stream) {
		ObjectNode body = WireJson.newObject().put("model", this.settings.model());
		OpenAiRequests.putMessages(body, request);
		Integer maxTokens = maxTokens(request);
		if (maxTokens != null) {
			body.put("max_tokens", maxTokens);
		}
		if (request.temperature() != null) {
			body.put("temperature", request.temperature());
		}
		if (!request.capabilities().isEmpty() || !request.stop().isEmpty() || request.topP() != null
				|| request.seed() != null || request.endUser() != null) {
			OpenAiRequests.putOptions(body, request);
		}
		if (stream) {
			body.put("stream", true);
			body.putObject("stream_options").put("include_usage", true);
		}
		return body;
	}

	@Override
	protected Completion readCompletion(JsonNode body) {
		JsonNode choice = body.path("choices").path(0);
		if (!choice.isObject()) {
			throw new IllegalStateException("no 'choices[0]' in the answer");
		}
		JsonNode message = choice.path("message");
		String content = WireJson.optionalText(message, "content");
		String finishReason = WireJson.optionalText(choice, "finish_reason");
		if (content == null && finishReason == null) {
			throw new IllegalStateException("no 'choices[0].message.content' in the answer");
		}
		return new Completion((content != null) ? content : "", modelOf(body), finishReason(finishReason),
				OpenAiUsage.of(body.path("usage")), FunctionToolCalls.read(message));
	}

	private String modelOf(JsonNode body) {
		String model = WireJson.optionalText(body, "model");
		return (model != null) ? model : this.settings.model();
	}

	static FinishReason finishReason(@Nullable String value) {
		if (value == null) {
			return FinishReason.STOP;
		}
		return switch (value) {
			case "stop" -> FinishReason.STOP;
			case "length" -> FinishReason.LENGTH;
			case "tool_calls", "function_call" -> FinishReason.TOOL_CALLS;
			case "content_filter" -> FinishReason.CONTENT_FILTER;
			default -> FinishReason.OTHER;
		};
	}

	@Override
	protected @Nullable String errorMessage(JsonNode body) {
		JsonNode error = body.path("error");
		return error.isString() ? error.stringValue() : WireJson.optionalText(error, "message");
	}

	@Override
	protected @Nullable String errorCode(JsonNode body) {
		JsonNode error = body.path("error");
		String code = WireJson.optionalText(error, "code");
		return (code != null) ? code : WireJson.optionalText(error, "type");
	}

	@Override
	protected StreamDecoder newStreamDecoder() {
		return new OpenAiStreamDecoder(this.settings.name());
	}

}
