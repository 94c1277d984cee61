package io.github.llmfailover.provider;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import io.github.llmfailover.chat.ChatChunk;
import io.github.llmfailover.chat.TokenUsage;
import reactor.core.publisher.SynchronousSink;

/**
 * Ollama NDJSON lines: text in {@code message.content} while {@code done} is false, then
 * a last line with {@code done: true}, the reason and the token counts; a line with
 * {@code error} is an error after the 200.
 */
final class OllamaStreamDecoder extends StreamDecoder {

	OllamaStreamDecoder(String provider) {
		super(provider);
	}

	@Override
	void decodeFrame(@Nullable String event, String line, SynchronousSink<ChatChunk> sink) {
		JsonNode node = json(line);
		String error = HttpProviderClient.optionalText(node, "error");
		if (error != null) {
			error(error, null, sink);
			return;
		}
		String content = HttpProviderClient.optionalText(node.path("message"), "content");
		if (node.path("done").asBoolean(false)) {
			TokenUsage usage = HttpProviderClient.usage(node, "prompt_eval_count", "eval_count");
			finish((content != null) ? content : "",
					OllamaProviderClient.finishReason(HttpProviderClient.optionalText(node, "done_reason")), usage,
					sink);
		}
		else {
			text(content, sink);
		}
	}

}
