package io.github.llmfailover.routing;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.github.llmfailover.chat.AttemptOutcome;
import io.github.llmfailover.chat.ChatChunk;
import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.StreamInterruptedException;
import io.github.llmfailover.provider.ProviderException;
import io.github.llmfailover.routing.FailoverObservations.ObservedAttempt;
import io.github.llmfailover.routing.FailureClassifier.Failure;

/**
 * An attempt at a stream: it fails over until its first content token, then belongs to
 * the caller, and a later break ends it with a {@link StreamInterruptedException}.
 */
final class StreamCall implements AttemptCall<ChatChunk> {

	private static final Log logger = LogFactory.getLog(StreamCall.class);

	private final ChatRequest request;

	private final Duration idleTimeout;

	/**
	 * @param request the request
	 * @param idleTimeout the longest silence allowed between two tokens
	 */
	StreamCall(ChatRequest request, Duration idleTimeout) {
		this.request = request;
		this.idleTimeout = idleTimeout;
	}

	@Override
	public Flux<ChatChunk> attempt(RoutedProvider provider, boolean panic, Duration attemptTimeout,
			ObservedAttempt observed, RequestState state, Function<Throwable, Flux<ChatChunk>> failover) {
		StreamProgress progress = new StreamProgress(DefaultFailoverChatClient.nowNanos());
		IdleTimeout idle = new IdleTimeout(this.idleTimeout);
		// Two timeouts, the first token's (the attempt timeout) and then the longest
		// silence between tokens, inside the provider's breaker. With an error of its own
		// as fallback: Reactor's plain timeout names its source on every subscription.
		return provider.calls()
			.stream(this.request)
			.timeout(Mono.delay(attemptTimeout, EventLoopTimers.INSTANCE), (chunk) -> idle,
					Flux.error(() -> new TimeoutException("No token in time")))
			.doFinally((signal) -> idle.stop())
			// map, not handle, which would set the caller's thread locals around each
			// chunk.
			.map((chunk) -> progress.add(provider, chunk))
			.transform((chunks) -> provider.calls().protectStream(chunks, panic))
			.doOnComplete(() -> state.recordSuccess(provider, observed))
			.doOnCancel(() -> observed.finish(AttemptOutcome.CANCELLED, 0, null))
			.onErrorResume((error) -> progress.started() ? interrupted(state, provider, error, observed, progress)
					: failover.apply(error));
	}

	private static Flux<ChatChunk> interrupted(RequestState state, RoutedProvider provider, Throwable error,
			ObservedAttempt observed, StreamProgress progress) {
		Failure failure = state.recordFailure(provider, error, observed);
		logger.warn("Stream from LLM provider '" + provider.name() + "' broke after " + progress.chunks + " chunks ("
				+ failure.outcome().tagValue() + ")");
		return Flux.error(new StreamInterruptedException(provider.name(), progress.chunks, progress.characters,
				provider.settings().redact(failure.message()), state.attempts(), error));
	}

	/**
	 * How much of a stream has arrived. Signals of one stream are serial, so plain fields
	 * do.
	 */
	private static final class StreamProgress {

		private int chunks;

		private int characters;

		private final long startNanos;

		StreamProgress(long startNanos) {
			this.startNanos = startNanos;
		}

		/**
		 * Count a chunk and pass it on, unless the stream ends before any content: that
		 * is a provider failure to fail over from, not an empty answer.
		 * @throws ProviderException for a stream that ended without content
		 */
		ChatChunk add(RoutedProvider provider, ChatChunk chunk) {
			if (chunk.hasContent()) {
				// The first text or tool-call fragment: from here the stream is the
				// caller's.
				if (this.chunks == 0) {
					provider.latency().recordFirstToken(DefaultFailoverChatClient.nowNanos() - this.startNanos);
				}
				this.chunks++;
				this.characters += chunk.text().length();
			}
			if (chunk.isLast()) {
				provider.recordUsage(chunk.usage());
			}
			if (chunk.isLast() && !started()) {
				throw ProviderException.malformed(provider.name(), 200, "the stream ended without any content", null);
			}
			return chunk.isLast() ? chunk.withCost(provider.budget().charge(chunk.usage())) : chunk;
		}

		boolean started() {
			return this.chunks > 0;
		}

	}

}
