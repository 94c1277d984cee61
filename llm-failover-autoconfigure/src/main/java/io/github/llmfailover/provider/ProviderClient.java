package io.github.llmfailover.provider;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.github.llmfailover.chat.ChatChunk;
import io.github.llmfailover.chat.ChatRequest;

/**
 * Speaks one provider's wire format: turns a {@link ChatRequest} into an HTTP call and
 * the answer back into a {@link Completion}. It neither retries nor times out; routing
 * does that.
 *
 * <p>
 * A failure the provider reported is signalled as a {@link ProviderException}; transport
 * failures surface as the HTTP client raised them.
 */
public interface ProviderClient {

	/**
	 * Ask for the whole answer.
	 * @param request the request
	 * @return the answer
	 */
	Mono<Completion> complete(ChatRequest request);

	/**
	 * Ask for the answer as a stream of chunks.
	 * @param request the request
	 * @return the chunks, the last one carrying the finish reason and usage
	 */
	default Flux<ChatChunk> stream(ChatRequest request) {
		return Flux.error(new UnsupportedOperationException(
				getClass().getSimpleName() + " does not support streaming yet; use chat(...)"));
	}

}
