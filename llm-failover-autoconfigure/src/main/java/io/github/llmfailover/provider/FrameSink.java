package io.github.llmfailover.provider;

import org.jspecify.annotations.Nullable;
import reactor.core.Exceptions;
import reactor.core.publisher.SynchronousSink;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

import io.github.llmfailover.chat.ChatChunk;

/**
 * The sink a {@link StreamDecoder} writes one frame's chunk to, read back once the frame
 * is decoded, so that a stream's frames go through {@code map} rather than Reactor's
 * {@code handle}. With context propagation on the class path (as with Micrometer's
 * observations), {@code handle} sets the caller's thread locals (the security context,
 * the web exchange, the current observation) around every call and resets them after; per
 * token that cost more than decoding the token, and no decoder reads them. One per
 * stream: the frames of a stream are decoded one at a time.
 */
final class FrameSink implements SynchronousSink<ChatChunk> {

	/** What a frame without a chunk decodes to; filtered out of the stream. */
	static final ChatChunk NONE = new ChatChunk("", "", null, null);

	private final ContextView context;

	private final Runnable onComplete;

	private @Nullable ChatChunk chunk;

	private @Nullable Throwable error;

	/**
	 * @param context the stream's subscriber context
	 * @param onComplete what a decoder's {@link #complete()} does: no chunk follows
	 */
	FrameSink(ContextView context, Runnable onComplete) {
		this.context = context;
		this.onComplete = onComplete;
	}

	@Override
	public void next(ChatChunk next) {
		if (this.chunk != null) {
			throw new IllegalStateException("A stream frame decodes to at most one chunk");
		}
		this.chunk = next;
	}

	@Override
	public void error(Throwable failure) {
		this.error = failure;
	}

	@Override
	public void complete() {
		this.onComplete.run();
	}

	@Override
	public ContextView contextView() {
		return this.context;
	}

	@Override
	@Deprecated
	public Context currentContext() {
		return Context.of(this.context);
	}

	/**
	 * Take what the last frame decoded to.
	 * @return its chunk, or {@link #NONE}
	 * @throws RuntimeException the error the decoder reported, which ends the stream
	 */
	ChatChunk take() {
		Throwable failure = this.error;
		ChatChunk next = this.chunk;
		this.error = null;
		this.chunk = null;
		if (failure != null) {
			throw Exceptions.propagate(failure);
		}
		return (next != null) ? next : NONE;
	}

}
