package io.github.llmfailover.sample.chat;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import io.github.llmfailover.chat.ChatChunk;
import io.github.llmfailover.springai.FailoverChatModel;

/**
 * {@code POST /spring-ai/chat} and {@code POST /spring-ai/chat/stream}: the body of
 * {@code /chat}, answered through Spring AI's {@code ChatClient} over
 * {@code failoverChatModel}, with an {@code @Tool} method the model may call
 * ({@link OrderTools}). {@code ChatClient}'s tool-calling advisor runs the loop, one
 * model call a turn, and each turn is a failover request of its own: break a provider in
 * the middle and the next turn goes elsewhere, the tool results with it. The answer lists
 * every turn, with the provider that served it.
 */
@RestController
class SpringAiChatController {

	private static final String SYSTEM = "You are the assistant of an online shop. Look orders up with the "
			+ "order_status tool before you say anything about one.";

	private final ChatClient chat;

	private final OrderTools orders = new OrderTools();

	private final StreamResponses streams;

	/**
	 * @param failoverChatModel the primary {@code ChatModel}: llm-failover's
	 * @param streams writes the streamed answer
	 */
	SpringAiChatController(ChatModel failoverChatModel, StreamResponses streams) {
		this.chat = ChatClient.builder(failoverChatModel).defaultSystem(SYSTEM).build();
		this.streams = streams;
	}

	@PostMapping(path = "/spring-ai/chat", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<SpringAiAnswer>> chat(@RequestBody(required = false) byte @Nullable [] body) {
		return Mono.fromCallable(() -> {
			ChatClient.ChatClientRequestSpec prompt = prompt(ChatPrompt.parse(body));
			TurnRecorder turns = new TurnRecorder();
			ChatResponse response = prompt.advisors(turns).call().chatResponse();
			return SpringAiAnswer.of(text(response), turns.turns());
		})
			// ChatClient's call() waits for the answer: not on an event loop.
			.subscribeOn(Schedulers.boundedElastic())
			.map((answer) -> ResponseEntity.ok()
				.header(StreamResponses.PROVIDER_HEADER, answer.provider())
				.body(answer));
	}

	@PostMapping(path = "/spring-ai/chat/stream", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Mono<Void> stream(@RequestBody(required = false) byte @Nullable [] body, ServerWebExchange exchange) {
		// The answer's pieces as /chat/stream sends them: X-Provider from the first one,
		// a failure before it as an error status, a break after it as an error event.
		Flux<ChatChunk> pieces = Mono.fromCallable(() -> prompt(ChatPrompt.parse(body)).stream().chatResponse())
			.flatMapMany((responses) -> responses)
			.filter((response) -> !text(response).isEmpty())
			.map((response) -> new ChatChunk(provider(response), text(response), null, null));
		return this.streams.respond(pieces, ChatController.CHAT_STREAM, exchange);
	}

	private ChatClient.ChatClientRequestSpec prompt(ChatPrompt body) {
		ChatClient.ChatClientRequestSpec prompt = this.chat.prompt().user(body.prompt()).tools(this.orders);
		return (body.system() != null) ? prompt.system(body.system()) : prompt;
	}

	static String text(@Nullable ChatResponse response) {
		Generation result = (response != null) ? response.getResult() : null;
		String text = (result != null) ? result.getOutput().getText() : null;
		return (text != null) ? text : "";
	}

	static String provider(ChatResponse response) {
		String provider = response.getMetadata().get(FailoverChatModel.PROVIDER);
		return (provider != null) ? provider : "none";
	}

}
