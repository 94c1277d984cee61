package io.github.llmfailover.provider;

import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.SynchronousSink;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import io.github.llmfailover.chat.ChatChunk;
import io.github.llmfailover.chat.FinishReason;
import io.github.llmfailover.chat.TokenUsage;
import io.github.llmfailover.chat.ToolCallFragment;

/**
 * Turns the frames of one stream (SSE events or NDJSON lines) into chunks. One instance
 * per stream, since providers spread what the last chunk needs (finish reason, token
 * counts) over several frames. Emits text as it comes, skips frames without text, and
 * ends with one chunk carrying the finish reason and usage; a stream that stops before
 * its end marker is an error.
 */
public abstract class StreamDecoder {

	private final String provider;

	private boolean finished;

	private @Nullable ToolCallAssembler toolCalls;

	protected StreamDecoder(String provider) {
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
					"unreadable stream frame: " + ProviderErrors.abbreviate(ex.getOriginalMessage()), ex));
		}
		catch (IllegalStateException ex) {
			sink.error(ProviderException.malformed(this.provider, 200, ProviderErrors.abbreviate(ex.getMessage()), ex));
		}
	}

	/**
	 * Decode one frame through a sink that {@code map} can read back (see
	 * {@link FrameSink}).
	 * @param frame the frame
	 * @param sink this stream's sink
	 * @return the frame's chunk, or {@link FrameSink#NONE}
	 * @throws RuntimeException the error that ends the stream
	 */
	final ChatChunk decode(StreamFrame frame, FrameSink sink) {
		decode(frame.event(), frame.data(), sink);
		return sink.take();
	}

	/**
	 * Stop decoding: later frames are skipped, and the stream needs no end marker.
	 */
	final void finished() {
		this.finished = true;
	}

	/**
	 * Decode one non-blank frame of this format.
	 * @param event the SSE event name, or {@code null}
	 * @param data the frame's data
	 * @param sink where chunks go
	 */
	protected abstract void decodeFrame(@Nullable String event, String data, SynchronousSink<ChatChunk> sink);

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
	protected @Nullable ChatChunk lastChunkWithoutEndMarker() {
		return null;
	}

	protected String provider() {
		return this.provider;
	}

	protected static JsonNode json(String data) {
		return WireJson.MAPPER.readTree(data);
	}

	protected void text(@Nullable String text, SynchronousSink<ChatChunk> sink) {
		if (text != null && !text.isEmpty()) {
			sink.next(new ChatChunk(this.provider, text, null, null));
		}
	}

	/**
	 * Emit a frame's text and tool-call fragments as one chunk, if it has either.
	 * @param text the text, or {@code null}
	 * @param fragments the fragments, possibly empty
	 * @param sink where the chunk goes
	 */
	protected void content(@Nullable String text, List<ToolCallFragment> fragments, SynchronousSink<ChatChunk> sink) {
		if (fragments.isEmpty()) {
			text(text, sink);
		}
		else {
			sink.next(new ChatChunk(this.provider, (text != null) ? text : "", null, null, null, fragments, List.of()));
		}
	}

	/**
	 * The tool calls of this stream, assembled from their fragments.
	 * @return the assembler
	 */
	protected ToolCallAssembler toolCalls() {
		ToolCallAssembler calls = this.toolCalls;
		if (calls == null) {
			calls = new ToolCallAssembler();
			this.toolCalls = calls;
		}
		return calls;
	}

	protected void finish(String text, FinishReason reason, TokenUsage usage, SynchronousSink<ChatChunk> sink) {
		this.finished = true;
		sink.next(lastChunk(text, reason, usage));
	}

	/**
	 * End the stream with a chunk that also holds the frame's tool-call fragments.
	 * @param text the frame's text
	 * @param fragments the frame's fragments
	 * @param reason the finish reason
	 * @param usage the usage
	 * @param sink where the chunk goes
	 */
	protected void finish(String text, List<ToolCallFragment> fragments, FinishReason reason, TokenUsage usage,
			SynchronousSink<ChatChunk> sink) {
		this.finished = true;
		ChatChunk last = lastChunk(text, reason, usage);
		sink.next(fragments.isEmpty() ? last
				: new ChatChunk(this.provider, text, last.finishReason(), usage, null, fragments, last.toolCalls()));
	}

	/**
	 * The chunk that ends the stream, with the whole tool calls if there were any.
	 * @param text its text
	 * @param reason the finish reason
	 * @param usage the usage
	 * @return the chunk
	 */
	protected ChatChunk lastChunk(String text, FinishReason reason, TokenUsage usage) {
		if (this.toolCalls == null || this.toolCalls.isEmpty()) {
			return new ChatChunk(this.provider, text, reason, usage);
		}
		return new ChatChunk(this.provider, text, (reason == FinishReason.STOP) ? FinishReason.TOOL_CALLS : reason,
				usage, null, List.of(), this.toolCalls.calls());
	}

	protected void error(String message, @Nullable String code, SynchronousSink<ChatChunk> sink) {
		this.finished = true;
		sink.error(ProviderException.streamError(this.provider, message, code));
	}

}
