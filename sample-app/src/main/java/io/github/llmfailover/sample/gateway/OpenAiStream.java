package io.github.llmfailover.sample.gateway;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.http.codec.ServerSentEvent;

import io.github.llmfailover.chat.ChatChunk;
import io.github.llmfailover.sample.chat.StreamResponses.StreamFormat;

/**
 * One streamed answer in OpenAI's {@code chat.completion.chunk} format (its signals are
 * serial, so plain fields do): a role chunk first, a chunk per piece of text, the finish
 * reason, the usage chunk when the client asked for it, and {@code data: [DONE]}. Tool
 * calls stream as {@code delta.tool_calls} keyed by index, the last chunk saying
 * {@code finish_reason: tool_calls}. A break after the first token is reported as OpenAI
 * does inside a stream: a chunk with an {@code error}.
 */
final class OpenAiStream implements StreamFormat {

	private final CompletionRequest request;

	private final Function<String, String> modelOfProvider;

	private final CompletionResponses responses = new CompletionResponses();

	private @Nullable String model;

	private final BitSet startedToolCalls = new BitSet();

	/**
	 * @param request the client's request
	 * @param modelOfProvider the model a provider answers with, named in the chunks
	 */
	OpenAiStream(CompletionRequest request, Function<String, String> modelOfProvider) {
		this.request = request;
		this.modelOfProvider = modelOfProvider;
	}

	@Override
	public List<ServerSentEvent<?>> events(ChatChunk chunk) {
		String model = this.model;
		boolean textAlone = !chunk.isLast() && chunk.toolCallFragments().isEmpty();
		if (model != null && textAlone) {
			// Most chunks: a piece of text, one event.
			return List.of(event(this.responses.textChunk(model, chunk.text())));
		}
		List<ServerSentEvent<?>> events = new ArrayList<>(3);
		if (model == null) {
			model = this.modelOfProvider.apply(chunk.provider());
			this.model = model;
			events.add(event(this.responses.roleChunk(model)));
		}
		if (textAlone && chunk.hasContent()) {
			events.add(event(this.responses.textChunk(model, chunk.text())));
		}
		else if (chunk.isLast() || chunk.hasContent()) {
			events.add(event(this.responses.chunk(chunk, model, this.startedToolCalls).toString()));
		}
		if (chunk.isLast() && this.request.includeUsage() && chunk.usage() != null) {
			events.add(event(this.responses.usageChunk(model, chunk.usage()).toString()));
		}
		return events;
	}

	@Override
	public List<ServerSentEvent<?>> interrupted(Throwable error) {
		return List.of(event(OpenAiErrors.body(OpenAiErrors.describe(error)).toString()));
	}

	@Override
	public List<ServerSentEvent<?>> ending() {
		return List.of(event("[DONE]"));
	}

	private static ServerSentEvent<String> event(String json) {
		return ServerSentEvent.builder(json).build();
	}

}
