package io.github.llmfailover.sample.chat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import io.github.llmfailover.chat.ChatChunk;

/**
 * Turns a stream of chunks into a server-sent-event response whose status and
 * {@code X-Provider} header are decided by the first chunk: a failure before it gets the
 * same error status as a whole answer would (the returned {@code Mono} fails and the
 * controller's exception handlers answer, nothing has been written yet); a break after
 * it, once the status is sent, ends the events the way the format reports errors.
 * <p>
 * The events are written to the response here, not returned for Spring to write, for the
 * speed of streams: the response waits for the first chunk, so everything Spring's result
 * handling does per request (resolving the body's type, choosing a writer, negotiating
 * the content type) would run between the upstream's first token and the client's. And
 * all events of one chunk leave in one buffer and one flush (OpenAI's first chunk is two
 * events, its role and its first token), where Spring's writer sends each event as three
 * buffers, each an HTTP chunk of its own.
 */
@Component
public class StreamResponses {

	/** The header naming the provider that served. */
	public static final String PROVIDER_HEADER = "X-Provider";

	private static final MediaType EVENT_STREAM = new MediaType(MediaType.TEXT_EVENT_STREAM, StandardCharsets.UTF_8);

	private final EventEncoder encoder;

	/**
	 * @param json the application's JSON mapper, for events whose data is not text
	 */
	public StreamResponses(JsonMapper json) {
		this.encoder = new EventEncoder(json);
	}

	/**
	 * Writes the chunks to the exchange's response as events.
	 * @param chunks the answer
	 * @param format how its events look
	 * @param exchange the exchange to answer
	 * @param <T> what the handler method returns: {@code Void}, or a
	 * {@code ResponseEntity} for one that answers whole requests too; an empty
	 * {@code Mono} of either leaves Spring nothing to write
	 * @return completes empty when the last event is written; fails, with nothing
	 * written, when the answer fails before its first chunk
	 */
	public <T> Mono<T> respond(Flux<ChatChunk> chunks, StreamFormat format, ServerWebExchange exchange) {
		return chunks.switchOnFirst((first, all) -> {
			Throwable error = first.getThrowable();
			if (error != null) {
				return Mono.error(error);
			}
			ChatChunk chunk = first.get();
			ServerHttpResponse response = exchange.getResponse();
			response.setStatusCode(HttpStatus.OK);
			response.getHeaders().set(PROVIDER_HEADER, (chunk != null) ? chunk.provider() : "none");
			response.getHeaders().setContentType(EVENT_STREAM);
			Flux<byte[]> events = all.map((next) -> this.encoder.encode(format.events(next)))
				.onErrorResume((failure) -> Mono.fromSupplier(() -> this.encoder.encode(format.interrupted(failure))))
				.concatWith(Mono.fromSupplier(() -> this.encoder.encode(format.ending())))
				.filter((bytes) -> bytes.length > 0);
			return response.writeAndFlushWith(events.map((bytes) -> Mono.just(response.bufferFactory().wrap(bytes))));
		}, false).then(Mono.empty());
	}

	/**
	 * How one stream format writes its events.
	 */
	public interface StreamFormat {

		/** The events of one chunk, in order. */
		List<ServerSentEvent<?>> events(ChatChunk chunk);

		/** The events that end a stream broken after its first chunk. */
		List<ServerSentEvent<?>> interrupted(Throwable error);

		/** The events that end every stream. */
		default List<ServerSentEvent<?>> ending() {
			return List.of();
		}

	}

}
