package io.github.llmfailover.sample.chat;

import java.util.Map;
import java.util.function.Function;

import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;

import io.github.llmfailover.chat.LlmFailoverException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Turns a stream of chunks into a server-sent-event response whose status and
 * {@code X-Provider} header are decided by the first chunk: a failure before it gets the
 * same error status as a whole answer would; a break after it, once the status is sent, ends
 * the events with an {@code error} event.
 */
@Component
class StreamResponses {

	<T> Mono<ResponseEntity<Flux<ServerSentEvent<Object>>>> respond(Flux<T> chunks, Function<T, String> provider,
			Function<T, ServerSentEvent<Object>> event) {
		return chunks.switchOnFirst((first, all) -> {
			if (first.hasError()) {
				return Mono.error(first.getThrowable());
			}
			String servedBy = first.hasValue() ? provider.apply(first.get()) : "none";
			Flux<ServerSentEvent<Object>> events = all.map(event).onErrorResume(StreamResponses::errorEvent);
			return Mono.just(ResponseEntity.ok().header(ChatController.PROVIDER_HEADER, servedBy).body(events));
		}, false).singleOrEmpty();
	}

	private static Flux<ServerSentEvent<Object>> errorEvent(Throwable error) {
		String message = (error instanceof LlmFailoverException) ? error.getMessage() : "The stream failed";
		return Flux.just(ServerSentEvent.builder((Object) Map.of("error", message)).event("error").build());
	}

}
