package io.github.llmfailover.provider;

import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import reactor.util.context.Context;

import io.github.llmfailover.chat.ChatChunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A frame's chunk or error is read back from the sink once, and the sink is ready for the
 * next frame.
 */
class FrameSinkTests {

	private final AtomicBoolean completed = new AtomicBoolean();

	private final FrameSink sink = new FrameSink(Context.of("key", "value"), () -> this.completed.set(true));

	@Test
	void aFrameWithoutChunkGivesNone() {
		assertThat(this.sink.take()).isSameAs(FrameSink.NONE);
	}

	@Test
	void theChunkIsTakenOnce() {
		ChatChunk chunk = new ChatChunk("a", "Hello", null, null);
		this.sink.next(chunk);
		assertThat(this.sink.take()).isSameAs(chunk);
		assertThat(this.sink.take()).isSameAs(FrameSink.NONE);
	}

	@Test
	void anErrorIsThrownWhenTaken() {
		ProviderException error = ProviderException.malformed("a", 200, "unreadable stream frame", null);
		this.sink.error(error);
		assertThatThrownBy(this.sink::take).isSameAs(error);
		assertThat(this.sink.take()).isSameAs(FrameSink.NONE);
	}

	@Test
	void aSecondChunkForOneFrameIsRefused() {
		this.sink.next(new ChatChunk("a", "one", null, null));
		assertThatIllegalStateException().isThrownBy(() -> this.sink.next(new ChatChunk("a", "two", null, null)))
			.withMessageContaining("at most one chunk");
	}

	@Test
	void completingEndsTheDecoderAndTheContextIsTheStreams() {
		this.sink.complete();
		assertThat(this.completed).isTrue();
		assertThat(this.sink.contextView().<String>get("key")).isEqualTo("value");
	}

}
