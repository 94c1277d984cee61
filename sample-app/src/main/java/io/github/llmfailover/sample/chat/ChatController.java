package io.github.llmfailover.sample.chat;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import io.github.llmfailover.chat.ChatChunk;
import io.github.llmfailover.chat.FailoverChatClient;
import io.github.llmfailover.chat.LlmFailoverException;

/**
 * {@code POST /chat} and {@code POST /chat/stream}: a prompt in, an answer out, served by
 * whichever provider the failover client picked, named in the {@code X-Provider} header.
 */
@RestController
class ChatController {

	static final String PROVIDER_HEADER = StreamResponses.PROVIDER_HEADER;

	private final FailoverChatClient client;

	private final StreamResponses streams;

	ChatController(FailoverChatClient client, StreamResponses streams) {
		this.client = client;
		this.streams = streams;
	}

	@PostMapping(path = "/chat", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<ChatAnswer>> chat(@RequestBody(required = false) byte @Nullable [] body) {
		return Mono.fromCallable(() -> ChatPrompt.parse(body).toRequest())
			.flatMap(this.client::chat)
			.map((response) -> ResponseEntity.ok()
				.header(PROVIDER_HEADER, response.provider())
				.body(ChatAnswer.of(response)));
	}

	@PostMapping(path = "/chat/stream", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Mono<Void> stream(@RequestBody(required = false) byte @Nullable [] body, ServerWebExchange exchange) {
		Flux<ChatChunk> chunks = Mono.fromCallable(() -> ChatPrompt.parse(body).toRequest())
			.flatMapMany(this.client::stream);
		return this.streams.respond(chunks, CHAT_STREAM, exchange);
	}

	/**
	 * One event per chunk; a break ends the stream with an {@code error} event. Also the
	 * format of {@code /spring-ai/chat/stream}.
	 */
	static final StreamResponses.StreamFormat CHAT_STREAM = new StreamResponses.StreamFormat() {

		@Override
		public List<ServerSentEvent<?>> events(ChatChunk chunk) {
			return List.of(ServerSentEvent.builder(StreamChunk.of(chunk)).build());
		}

		@Override
		public List<ServerSentEvent<?>> interrupted(Throwable error) {
			String message = (error instanceof LlmFailoverException) ? error.getMessage() : "The stream failed";
			return List.of(ServerSentEvent.builder(Map.of("error", message)).event("error").build());
		}

	};

}
