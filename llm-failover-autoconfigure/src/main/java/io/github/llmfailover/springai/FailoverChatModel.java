package io.github.llmfailover.springai;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;

import io.github.llmfailover.chat.ChatChunk;
import io.github.llmfailover.chat.FailoverChatClient;
import io.github.llmfailover.chat.FinishReason;
import io.github.llmfailover.chat.TokenUsage;
import io.github.llmfailover.chat.ToolCall;

/**
 * Spring AI's {@link ChatModel} (and so {@code StreamingChatModel}) on top of the
 * {@link FailoverChatClient}: {@code ChatClient.builder(failoverChatModel)} gets
 * failover, with {@code @Tool} methods, {@code stream()} and {@code entity(...)}.
 *
 * <p>
 * In Spring AI 2.0 models do not run tools: {@code ChatClient}'s tool-calling advisor
 * calls the model once per turn and runs the tools in between, so each turn fails over on
 * its own and a tool call one provider made may be answered on another.
 *
 * <p>
 * Every response says who answered: {@link ChatResponseMetadata#getModel()} is the model,
 * the metadata key {@value #PROVIDER} the configured provider's name, {@value #ATTEMPTS}
 * every attempt made, {@value #COST} what it cost when the provider has prices. A request
 * that no provider could serve ends with an {@code LlmFailoverException} saying why.
 *
 * <p>
 * This model emits no Spring AI model observation of its own: the failover client's
 * {@code llm.failover.requests} observation (with {@code gen_ai.client.token.usage}) is
 * the record of each call, nested in {@code ChatClient}'s observation; a second one here
 * would count every call and its tokens twice.
 */
public class FailoverChatModel implements ChatModel {

	/** Metadata key of the name of the provider that answered. */
	public static final String PROVIDER = "provider";

	/** Metadata key of every attempt made ({@code List<Attempt>}). */
	public static final String ATTEMPTS = "attempts";

	/** Metadata key of what the answer cost ({@code Cost}), when known. */
	public static final String COST = "cost";

	private final FailoverChatClient client;

	private final Function<String, @Nullable String> modelOfProvider;

	private final ObservationRegistry observationRegistry;

	private final FailoverChatOptions defaultOptions = FailoverChatOptions.builder().build();

	/**
	 * A model whose calls' observations have the caller's thread's observation as parent.
	 * @param client the failover client that serves every call
	 * @param modelOfProvider the model a provider is configured with, by provider name,
	 * for streams (whose chunks do not say)
	 * @param observationRegistry the registry of the failover client's observations
	 */
	public FailoverChatModel(FailoverChatClient client, Function<String, @Nullable String> modelOfProvider,
			ObservationRegistry observationRegistry) {
		this.client = client;
		this.modelOfProvider = modelOfProvider;
		this.observationRegistry = observationRegistry;
	}

	/**
	 * A model without observations of its own.
	 * @param client the failover client that serves every call
	 * @param modelOfProvider the model a provider is configured with, by provider name
	 */
	public FailoverChatModel(FailoverChatClient client, Function<String, @Nullable String> modelOfProvider) {
		this(client, modelOfProvider, ObservationRegistry.NOOP);
	}

	/**
	 * Blocks until the failover client answers, as Spring AI's {@code call} does; its
	 * deadline ({@code llm.failover.timeout}) bounds the wait. Use
	 * {@link #stream(Prompt)} on an event-loop thread.
	 */
	@Override
	public ChatResponse call(Prompt prompt) {
		// Spring AI's call() is synchronous: this is the one place the failover client's
		// answer is waited for, and never on a thread that must not block.
		if (Schedulers.isInNonBlockingThread()) {
			throw new IllegalStateException("failoverChatModel.call() waits for the answer and cannot run on the "
					+ "non-blocking thread " + Thread.currentThread().getName() + "; use stream(), or call() from a "
					+ "thread that may block (e.g. Schedulers.boundedElastic())");
		}
		// ChatClient's observation is the current one on this thread, not in a Reactor
		// context: hand it over, so that the request's observation is its child.
		Observation caller = this.observationRegistry.getCurrentObservation();
		io.github.llmfailover.chat.ChatResponse answer = Objects.requireNonNull(this.client
			.chat(PromptConverter.toRequest(prompt, this.defaultOptions))
			.contextWrite(
					(context) -> (caller != null) ? context.put(ObservationThreadLocalAccessor.KEY, caller) : context)
			.block());
		AssistantMessage message = AssistantMessage.builder()
			.content(answer.content())
			.toolCalls(toolCalls(answer.toolCalls()))
			.build();
		ChatResponseMetadata.Builder metadata = ChatResponseMetadata.builder()
			.model(answer.model())
			.usage(usage(answer.usage()))
			.keyValue(PROVIDER, answer.provider())
			.keyValue(ATTEMPTS, answer.attempts())
			.keyValue(COST, answer.cost());
		return new ChatResponse(List.of(new Generation(message, finish(answer.finishReason()))), metadata.build());
	}

	/**
	 * Streams the answer: a response per piece of text, then one carrying the finish
	 * reason, the usage and the whole tool calls (never pieces of them, which Spring AI's
	 * aggregation would add up twice).
	 */
	@Override
	public Flux<ChatResponse> stream(Prompt prompt) {
		return Flux.defer(() -> this.client.stream(PromptConverter.toRequest(prompt, this.defaultOptions)))
			.filter((chunk) -> chunk.isLast() || !chunk.text().isEmpty())
			.map(this::response);
	}

	private ChatResponse response(ChatChunk chunk) {
		AssistantMessage message = AssistantMessage.builder()
			.content(chunk.text())
			.toolCalls(toolCalls(chunk.toolCalls()))
			.build();
		ChatResponseMetadata.Builder metadata = ChatResponseMetadata.builder().keyValue(PROVIDER, chunk.provider());
		if (!chunk.isLast()) {
			return new ChatResponse(List.of(new Generation(message)), metadata.build());
		}
		String model = this.modelOfProvider.apply(chunk.provider());
		if (model != null) {
			metadata.model(model);
		}
		if (chunk.usage() != null) {
			metadata.usage(usage(chunk.usage()));
		}
		metadata.keyValue(COST, chunk.cost());
		return new ChatResponse(List.of(new Generation(message, finish(chunk.finishReason()))), metadata.build());
	}

	@Override
	public ChatOptions getOptions() {
		return this.defaultOptions;
	}

	private static List<AssistantMessage.ToolCall> toolCalls(List<ToolCall> calls) {
		return calls.stream()
			.map((call) -> new AssistantMessage.ToolCall(call.id(), "function", call.name(), call.arguments()))
			.toList();
	}

	private static ChatGenerationMetadata finish(@Nullable FinishReason reason) {
		return ChatGenerationMetadata.builder().finishReason((reason != null) ? reason.name() : null).build();
	}

	private static DefaultUsage usage(TokenUsage usage) {
		return new DefaultUsage(usage.inputTokens(), usage.outputTokens(), usage.totalTokens(), usage,
				(long) usage.cachedInputTokens(), (long) usage.cacheWriteInputTokens());
	}

	@Override
	public String toString() {
		return "FailoverChatModel";
	}

}
