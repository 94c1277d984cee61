package io.github.llmfailover.springai;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import io.micrometer.observation.Observation;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.util.StringUtils;

import io.github.llmfailover.chat.ChatChunk;
import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.FinishReason;
import io.github.llmfailover.chat.TokenUsage;
import io.github.llmfailover.chat.ToolCall;
import io.github.llmfailover.chat.ToolCallFragment;
import io.github.llmfailover.provider.Completion;
import io.github.llmfailover.provider.ProviderClient;
import io.github.llmfailover.provider.ProviderException;
import io.github.llmfailover.provider.ProviderSettings;
import io.github.llmfailover.provider.ToolCallIds;

/**
 * A provider served by a Spring AI {@link ChatModel} (Bedrock, Vertex AI, Azure OpenAI,
 * Mistral... through Spring AI's own modules), so it takes part in weights, tiers,
 * circuit breakers, cooldowns and metrics like any other.
 *
 * <p>
 * {@code ChatModel.call} blocks, so it runs on Reactor's bounded elastic scheduler, never
 * on an event loop; a stream uses the model's {@code stream} when it has one, else the
 * whole answer arrives as one piece. Errors are classified by {@link SpringAiErrors}.
 */
public final class SpringAiProviderClient implements ProviderClient {

	/** Where the models' blocking calls run: never an event loop. */
	private static final Executor BLOCKING = (task) -> Schedulers.boundedElastic().schedule(task);

	private final ProviderSettings settings;

	private final ChatModel model;

	/**
	 * @param settings the provider's settings
	 * @param model the Spring AI model that serves it
	 */
	public SpringAiProviderClient(ProviderSettings settings, ChatModel model) {
		this.settings = settings;
		this.model = model;
	}

	@Override
	public Mono<Completion> complete(ChatRequest request) {
		// A future, not fromCallable + subscribeOn: a call whose attempt timed out may
		// still fail later, and nobody waits for it any more; a future keeps that to
		// itself instead of reporting a dropped error.
		return Mono.deferContextual((context) -> {
			Observation attempt = context.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
			return Mono.fromFuture(() -> CompletableFuture.supplyAsync(() -> call(prompt(request), attempt), BLOCKING),
					true);
		}).map(this::completion).onErrorMap((error) -> SpringAiErrors.translate(this.settings, error));
	}

	/**
	 * Call the model with the attempt's observation current, so that the model's own
	 * observation (Spring AI's, which takes the current one as its parent) is the
	 * attempt's child, as it is for a stream, whose Reactor context carries the attempt.
	 */
	private ChatResponse call(Prompt prompt, @Nullable Observation attempt) {
		return (attempt != null) ? attempt.scoped(() -> this.model.call(prompt)) : this.model.call(prompt);
	}

	@Override
	public Flux<ChatChunk> stream(ChatRequest request) {
		return Flux.defer(() -> {
			Prompt prompt = prompt(request);
			Flux<ChatResponse> responses;
			try {
				responses = this.model.stream(prompt);
			}
			catch (UnsupportedOperationException ex) {
				// ChatModel's default: the model cannot stream; its whole answer is one
				// piece.
				return this.complete(request)
					.flatMapMany((completion) -> Flux.just(textChunk(completion.content()),
							last(completion.finishReason(), completion.usage(), completion.toolCalls())));
			}
			StreamState state = new StreamState();
			return responses.concatMap((response) -> Flux.fromIterable(state.chunks(response)))
				.concatWith(Mono.fromSupplier(() -> last(state.finishReason(), state.usage, state.toolCalls)));
		})
			.subscribeOn(Schedulers.boundedElastic())
			.onErrorMap((error) -> SpringAiErrors.translate(this.settings, error));
	}

	private Prompt prompt(ChatRequest request) {
		return SpringAiPrompts.toPrompt(request, this.settings, this.model.getOptions());
	}

	private Completion completion(ChatResponse response) {
		Generation result = response.getResult();
		if (result == null) {
			throw ProviderException.malformed(this.settings.name(), 200, "the Spring AI model answered no generation",
					null);
		}
		String model = response.getMetadata().getModel();
		List<ToolCall> calls = toolCalls(result.getOutput());
		return new Completion(text(result.getOutput()), StringUtils.hasText(model) ? model : this.settings.model(),
				finishReason(result.getMetadata().getFinishReason(), calls), usage(response.getMetadata().getUsage()),
				calls);
	}

	private ChatChunk textChunk(String text) {
		return new ChatChunk(this.settings.name(), text, null, null);
	}

	private ChatChunk last(FinishReason reason, TokenUsage usage, List<ToolCall> calls) {
		return new ChatChunk(this.settings.name(), "", reason, usage, null, List.of(), calls);
	}

	private List<ToolCall> toolCalls(AssistantMessage message) {
		List<ToolCall> calls = new ArrayList<>();
		for (AssistantMessage.ToolCall call : message.getToolCalls()) {
			if (!StringUtils.hasText(call.name())) {
				throw ProviderException.malformed(this.settings.name(), 200, "a tool call without a tool name", null);
			}
			calls.add(new ToolCall(StringUtils.hasText(call.id()) ? call.id() : ToolCallIds.generate(), call.name(),
					call.arguments()));
		}
		return calls;
	}

	private static String text(AssistantMessage message) {
		return (message.getText() != null) ? message.getText() : "";
	}

	static FinishReason finishReason(@Nullable String reason, List<ToolCall> calls) {
		if (!calls.isEmpty()) {
			return FinishReason.TOOL_CALLS;
		}
		if (reason == null || reason.isBlank()) {
			return FinishReason.STOP;
		}
		return switch (reason.trim().toLowerCase(Locale.ROOT)) {
			case "stop", "end_turn", "stop_sequence", "complete", "completed" -> FinishReason.STOP;
			case "length", "max_tokens", "model_length" -> FinishReason.LENGTH;
			case "tool_calls", "tool_use", "function_call" -> FinishReason.TOOL_CALLS;
			case "content_filter", "refusal", "safety", "blocklist", "prohibited_content" ->
				FinishReason.CONTENT_FILTER;
			default -> FinishReason.OTHER;
		};
	}

	static TokenUsage usage(@Nullable Usage usage) {
		if (usage == null) {
			return TokenUsage.NONE;
		}
		Long cacheRead = usage.getCacheReadInputTokens();
		Long cacheWrite = usage.getCacheWriteInputTokens();
		return new TokenUsage(orZero(usage.getPromptTokens()), orZero(usage.getCompletionTokens()),
				(cacheRead != null) ? cacheRead.intValue() : 0, (cacheWrite != null) ? cacheWrite.intValue() : 0);
	}

	private static int orZero(@Nullable Integer value) {
		return (value != null) ? value : 0;
	}

	@Override
	public String toString() {
		return "SpringAiProviderClient{" + this.settings + "}";
	}

	/**
	 * What a stream has said so far: its text goes out as it comes, its tool calls as
	 * fragments; the last chunk carries the whole calls, the finish reason and the usage.
	 */
	private final class StreamState {

		private final List<ToolCall> toolCalls = new ArrayList<>();

		private @Nullable String finishReason;

		private TokenUsage usage = TokenUsage.NONE;

		List<ChatChunk> chunks(ChatResponse response) {
			Usage reported = response.getMetadata().getUsage();
			if (reported != null && reported.getTotalTokens() != null && reported.getTotalTokens() > 0) {
				this.usage = usage(reported);
			}
			Generation result = response.getResult();
			if (result == null) {
				return List.of();
			}
			if (StringUtils.hasText(result.getMetadata().getFinishReason())) {
				this.finishReason = result.getMetadata().getFinishReason();
			}
			List<ToolCallFragment> fragments = new ArrayList<>();
			for (ToolCall call : toolCalls(result.getOutput())) {
				fragments.add(new ToolCallFragment(this.toolCalls.size(), call.id(), call.name(), call.arguments()));
				this.toolCalls.add(call);
			}
			String text = text(result.getOutput());
			if (text.isEmpty() && fragments.isEmpty()) {
				return List.of();
			}
			return List.of(new ChatChunk(SpringAiProviderClient.this.settings.name(), text, null, null, null, fragments,
					List.of()));
		}

		FinishReason finishReason() {
			return SpringAiProviderClient.finishReason(this.finishReason, this.toolCalls);
		}

	}

}
