package io.github.llmfailover.provider;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import io.github.llmfailover.chat.ChatChunk;
import io.github.llmfailover.chat.FinishReason;
import io.github.llmfailover.chat.TokenUsage;
import reactor.core.publisher.Flux;
import reactor.core.publisher.SynchronousSink;

/**
 * Turns the frames of one stream (SSE events or NDJSON lines) into chunks. One instance
 * per stream, since providers spread what the last chunk needs (finish reason, token
 * counts) over several frames. Emits text as it comes, skips frames without text, and
 * ends with one chunk carrying the finish reason and usage; a stream that stops before
 * its end marker is an error.
 */
abstract class StreamDecoder {

	private final String provider;

	private boolean finished;

	StreamDecoder(String provider) {
		this.provider = provider;
	}

	/**
	 * Decode one frame.
	 * @param event the SSE event name, or {@code null}
	 * @param data the SSE data or the NDJSON line
	 * @param sink where chunks go (at most one per frame)
	 */
	final void decode(@Nullable String event, @Nullable String data, SynchronousSink<ChatChunk> sink) {
		if (this.finished || data == null || data.isBlank()) {
			return;
		}
		try {
			decodeFrame(event, data, sink);
		}
		catch (JacksonException ex) {
			sink.error(ProviderException.malformed(this.provider, 200,
					"unreadable stream frame: " + HttpProviderClient.abbreviate(ex.getOriginalMessage()), ex));
		}
	}

	/**
	 * Decode one non-blank frame of this format.
	 * @param event the SSE event name, or {@code null}
	 * @param data the frame's data
	 * @param sink where chunks go
	 */
	abstract void decodeFrame(@Nullable String event, String data, SynchronousSink<ChatChunk> sink);

	/**
	 * What follows the stream's last frame: nothing after the end marker, an error before
	 * it (the connection closed early), unless the format can tell the answer was
	 * complete.
	 * @return the chunks or the error that end the stream
	 */
	final Flux<ChatChunk> afterLastFrame() {
		if (this.finished) {
			return Flux.empty();
		}
		ChatChunk last = lastChunkWithoutEndMarker();
		return (last != null) ? Flux.just(last) : Flux
			.error(ProviderException.malformed(this.provider, 200, "the stream ended before its end marker", null));
	}

	/**
	 * The last chunk of a stream that closed without its end marker but had already said
	 * it was complete, for servers that leave the marker out.
	 * @return the chunk, or {@code null} when the stream was cut short
	 */
	@Nullable ChatChunk lastChunkWithoutEndMarker() {
		return null;
	}

	String provider() {
		return this.provider;
	}

	static JsonNode json(String data) {
		return HttpProviderClient.JSON.readTree(data);
	}

	void text(@Nullable String text, SynchronousSink<ChatChunk> sink) {
		if (text != null && !text.isEmpty()) {
			sink.next(new ChatChunk(this.provider, text, null, null));
		}
	}

	void finish(String text, FinishReason reason, TokenUsage usage, SynchronousSink<ChatChunk> sink) {
		this.finished = true;
		sink.next(new ChatChunk(this.provider, text, reason, usage));
	}

	void error(String message, @Nullable String code, SynchronousSink<ChatChunk> sink) {
		this.finished = true;
		sink.error(ProviderException.streamError(this.provider, message, code));
	}

}
