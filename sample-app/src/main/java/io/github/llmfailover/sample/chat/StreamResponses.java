package io.github.llmfailover.sample.chat;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;

import io.github.llmfailover.chat.ChatChunk;

/**
 * Turns a stream of chunks into a server-sent-event response whose status and
 * {@code X-Provider} header are decided by the first chunk: a failure before it gets the
 * same error status as a whole answer would; a break after it, once the status is sent,
 * ends the events the way the format reports errors.
 */
@Component
public class StreamResponses {

	/** The header naming the provider that served. */
	public static final String PROVIDER_HEADER = "X-Provider";

	public Mono<ResponseEntity<Flux<ServerSentEvent<Object>>>> respond(Flux<ChatChunk> chunks, StreamFormat format) {
		return chunks.switchOnFirst((first, all) -> {
			Throwable error = first.getThrowable();
			if (error != null) {
				return Mono.error(error);
			}
			ChatChunk chunk = first.get();
			String servedBy = (chunk != null) ? chunk.provider() : "none";
			Flux<ServerSentEvent<Object>> events = all.concatMap(format::events)
				.onErrorResume(format::interrupted)
				.concatWith(format.ending());
			return Mono.just(ResponseEntity.ok()
				.header(PROVIDER_HEADER, servedBy)
				.contentType(MediaType.TEXT_EVENT_STREAM)
				.body(events));
		}, false).singleOrEmpty();
	}

	/**
	 * How one stream format writes its events.
	 */
	public interface StreamFormat {

		/** The events of one chunk. */
		Flux<ServerSentEvent<Object>> events(ChatChunk chunk);

		/** The events that end a stream broken after its first chunk. */
		Flux<ServerSentEvent<Object>> interrupted(Throwable error);

		/** The events that end every stream. */
		default Flux<ServerSentEvent<Object>> ending() {
			return Flux.empty();
		}

	}

}
