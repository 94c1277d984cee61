package io.github.llmfailover.chat;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Chat client that spreads calls over the configured LLM providers and fails over between
 * them. Each call is routed by priority and weight, retried elsewhere when a provider
 * fails, and bounded by one deadline.
 *
 * <p>
 * Failures surface as {@link LlmFailoverException} subclasses:
 * {@link ProviderRequestException} when a provider rejects the request itself (no
 * failover), {@link NoProviderAvailableException} when no provider is in rotation,
 * {@link AllProvidersFailedException} when every attempt failed, and
 * {@link FailoverTimeoutException} when the deadline passed.
 */
public interface FailoverChatClient {

	/**
	 * Send a chat request and receive the whole answer.
	 * @param request the request
	 * @return the answer of the first provider that served it
	 */
	Mono<ChatResponse> chat(ChatRequest request);

	/**
	 * Send a chat request and receive the answer as it is generated. The stream fails
	 * over only before its first content token.
	 * @param request the request
	 * @return the chunks of the answer, the last one carrying the finish reason and usage
	 */
	Flux<ChatChunk> stream(ChatRequest request);

}
