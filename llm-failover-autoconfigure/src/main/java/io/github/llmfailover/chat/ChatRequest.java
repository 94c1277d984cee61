package io.github.llmfailover.chat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import io.github.llmfailover.chat.ChatMessage.Role;

/**
 * A provider-neutral chat request: the conversation and the generation options.
 * Immutable; build one with {@link #of(String)} or {@link #builder()}.
 *
 * <p>
 * Beyond text, a request may offer tools ({@link #tools()}), carry earlier tool calls and
 * their results, ask for structured output ({@link #responseFormat()}) and hold images.
 * Such a request goes only to providers that can serve it ({@link #capabilities()}).
 */
public final class ChatRequest {

	private final List<ChatMessage> messages;

	private final @Nullable Integer maxTokens;

	private final @Nullable Double temperature;

	private final @Nullable Double topP;

	private final @Nullable Long seed;

	private final List<String> stop;

	private final @Nullable String endUser;

	private final List<Tool> tools;

	private final @Nullable ToolChoice toolChoice;

	private final @Nullable Boolean parallelToolCalls;

	private final ResponseFormat responseFormat;

	private final Map<String, Map<String, Object>> extraBody;

	private final Set<Capability> capabilities;

	private final @Nullable String group;

	private final @Nullable Boolean hedging;

	private final @Nullable Duration hedgeDelay;

	private ChatRequest(Builder builder) {
		this.messages = List.copyOf(builder.messages);
		this.maxTokens = builder.maxTokens;
		this.temperature = builder.temperature;
		this.topP = builder.topP;
		this.seed = builder.seed;
		this.stop = builder.stop;
		this.endUser = builder.endUser;
		this.tools = builder.tools;
		this.toolChoice = builder.toolChoice;
		this.parallelToolCalls = builder.parallelToolCalls;
		this.responseFormat = builder.responseFormat;
		this.extraBody = builder.extraBody;
		this.hedging = builder.hedging;
		this.hedgeDelay = builder.hedgeDelay;
		this.capabilities = builder.plainText ? RequiredCapabilities.TEXT_ONLY
				: RequiredCapabilities.of(this.messages, this.tools, this.toolChoice, this.responseFormat);
		this.group = builder.group;
	}

	/**
	 * A request holding a single user message.
	 * @param userPrompt the user's message
	 * @return the request
	 */
	public static ChatRequest of(String userPrompt) {
		return builder().user(userPrompt).build();
	}

	public static Builder builder() {
		return new Builder();
	}

	/**
	 * The conversation in order, system messages included.
	 * @return the messages
	 */
	public List<ChatMessage> messages() {
		return this.messages;
	}

	/**
	 * The system messages joined by blank lines, for providers that take the system
	 * prompt apart from the conversation.
	 * @return the system prompt, or {@code null} when there is none
	 */
	public @Nullable String systemPrompt() {
		String joined = this.messages.stream()
			.filter((message) -> message.role() == Role.SYSTEM)
			.map(ChatMessage::content)
			.collect(Collectors.joining("\n\n"));
		return joined.isEmpty() ? null : joined;
	}

	/**
	 * The most tokens to generate, or {@code null} for the provider's default.
	 * @return the limit
	 */
	public @Nullable Integer maxTokens() {
		return this.maxTokens;
	}

	/**
	 * The sampling temperature (0 to 2), or {@code null} for the provider's default.
	 * @return the temperature
	 */
	public @Nullable Double temperature() {
		return this.temperature;
	}

	/**
	 * Nucleus sampling: the probability mass to sample from (0 to 1), or {@code null}.
	 * @return top-p
	 */
	public @Nullable Double topP() {
		return this.topP;
	}

	/**
	 * The seed for repeatable sampling where the provider supports it, or {@code null}.
	 * @return the seed
	 */
	public @Nullable Long seed() {
		return this.seed;
	}

	/**
	 * Sequences at which generation stops.
	 * @return the stop sequences, possibly empty
	 */
	public List<String> stop() {
		return this.stop;
	}

	/**
	 * An id of the application's end user, for the provider's abuse monitoring, or
	 * {@code null}.
	 * @return the end-user id
	 */
	public @Nullable String endUser() {
		return this.endUser;
	}

	/**
	 * The tools the model may call.
	 * @return the tools, possibly empty
	 */
	public List<Tool> tools() {
		return this.tools;
	}

	/**
	 * Whether and which tool the model must call, or {@code null} for the provider's
	 * default ({@link ToolChoice#AUTO} when tools are given).
	 * @return the tool choice
	 */
	public @Nullable ToolChoice toolChoice() {
		return this.toolChoice;
	}

	/**
	 * Whether the model may make several tool calls in one answer, or {@code null} for
	 * the provider's default (yes).
	 * @return the setting
	 */
	public @Nullable Boolean parallelToolCalls() {
		return this.parallelToolCalls;
	}

	/**
	 * The form of the answer's text.
	 * @return the format, {@link ResponseFormat#TEXT} unless set
	 */
	public ResponseFormat responseFormat() {
		return this.responseFormat;
	}

	/**
	 * Extra top-level request-body fields for providers of one type, for what this API
	 * does not model (reasoning effort, extended thinking...).
	 * @param providerType the provider type ({@code openai}, {@code anthropic},
	 * {@code ollama} or a custom one)
	 * @return the fields, possibly empty
	 */
	public Map<String, Object> extraBody(String providerType) {
		return this.extraBody.getOrDefault(providerType, Map.of());
	}

	/**
	 * The model group to route this request over, by name or alias.
	 * @return the group, or {@code null} for the group of the client it is sent to
	 */
	public @Nullable String group() {
		return this.group;
	}

	/**
	 * Whether this request is to be hedged (sent to a second provider when the first is
	 * slow), whatever {@code llm.failover.hedging.enabled} says.
	 * @return {@code true} or {@code false}, or {@code null} to follow the configuration
	 */
	public @Nullable Boolean hedging() {
		return this.hedging;
	}

	/**
	 * How long this request's first attempt may take before its hedge goes, when the
	 * request sets its own delay.
	 * @return the delay, or {@code null} for the configured one
	 */
	public @Nullable Duration hedgeDelay() {
		return this.hedgeDelay;
	}

	/**
	 * What a provider must be able to do to serve this request.
	 * @return the capabilities, empty for a text request
	 */
	public Set<Capability> capabilities() {
		return this.capabilities;
	}

	@Override
	public String toString() {
		// Prompts may hold personal data: never print their text.
		return "ChatRequest{messages=" + this.messages.size() + ", maxTokens=" + this.maxTokens + ", temperature="
				+ this.temperature + ", tools=" + this.tools.size() + ", responseFormat=" + this.responseFormat.type()
				+ ((this.group != null) ? ", group=" + this.group : "") + "}";
	}

	/**
	 * Builds a {@link ChatRequest}; messages keep the order they are added in.
	 */
	public static final class Builder {

		private final List<ChatMessage> messages = new ArrayList<>();

		private @Nullable Integer maxTokens;

		private @Nullable Double temperature;

		private @Nullable Double topP;

		private @Nullable Long seed;

		private List<String> stop = List.of();

		private @Nullable String endUser;

		private List<Tool> tools = List.of();

		private @Nullable ToolChoice toolChoice;

		private @Nullable Boolean parallelToolCalls;

		private ResponseFormat responseFormat = ResponseFormat.TEXT;

		private Map<String, Map<String, Object>> extraBody = Map.of();

		private @Nullable String group;

		private @Nullable Boolean hedging;

		private @Nullable Duration hedgeDelay;

		/**
		 * Whether everything added so far is text and plain options, so that building
		 * skips the checks and the capability scan.
		 */
		private boolean plainText = true;

		private Builder() {
		}

		public Builder system(String content) {
			return message(Role.SYSTEM, content);
		}

		public Builder user(String content) {
			return message(Role.USER, content);
		}

		/**
		 * Add a user message of text and images.
		 * @param parts the parts in order
		 * @return this builder
		 */
		public Builder user(ContentPart... parts) {
			return message(ChatMessage.user(Arrays.asList(parts)));
		}

		public Builder assistant(String content) {
			return message(Role.ASSISTANT, content);
		}

		/**
		 * Add an earlier assistant turn that called tools; its results follow with
		 * {@link #toolResult(String, String)}.
		 * @param text what the model said besides the calls, possibly empty
		 * @param toolCalls the calls
		 * @return this builder
		 */
		public Builder assistant(@Nullable String text, List<ToolCall> toolCalls) {
			return message(ChatMessage.assistant(text, toolCalls));
		}

		/**
		 * Add the result of a tool call of the preceding assistant turn.
		 * @param toolCallId the call's id
		 * @param content the result
		 * @return this builder
		 */
		public Builder toolResult(String toolCallId, String content) {
			return message(ChatMessage.toolResult(toolCallId, content));
		}

		/**
		 * Add the result of a tool call of the preceding assistant turn that failed (see
		 * {@link ChatMessage#toolError(String, String)}).
		 * @param toolCallId the call's id
		 * @param content what went wrong
		 * @return this builder
		 */
		public Builder toolError(String toolCallId, String content) {
			return message(ChatMessage.toolError(toolCallId, content));
		}

		public Builder message(Role role, String content) {
			return message(new ChatMessage(role, content));
		}

		public Builder message(ChatMessage message) {
			this.messages.add(Objects.requireNonNull(message, "message must not be null"));
			this.plainText &= message.parts().isEmpty() && message.toolCalls().isEmpty() && message.role() != Role.TOOL;
			return this;
		}

		public Builder maxTokens(int maxTokens) {
			if (maxTokens < 1) {
				throw new IllegalArgumentException("maxTokens must be at least 1, was " + maxTokens);
			}
			this.maxTokens = maxTokens;
			return this;
		}

		public Builder temperature(double temperature) {
			if (!(temperature >= 0 && temperature <= 2)) {
				throw new IllegalArgumentException("temperature must be between 0 and 2, was " + temperature);
			}
			this.temperature = temperature;
			return this;
		}

		public Builder topP(double topP) {
			if (!(topP >= 0 && topP <= 1)) {
				throw new IllegalArgumentException("topP must be between 0 and 1, was " + topP);
			}
			this.topP = topP;
			return this;
		}

		public Builder seed(long seed) {
			this.seed = seed;
			return this;
		}

		/**
		 * Stop generating at any of these sequences.
		 * @param sequences the sequences, none empty
		 * @return this builder
		 */
		public Builder stop(String... sequences) {
			for (String sequence : sequences) {
				if (sequence == null || sequence.isEmpty()) {
					throw new IllegalArgumentException("A stop sequence must not be empty");
				}
			}
			this.stop = List.of(sequences);
			return this;
		}

		/**
		 * Name the application's end user to the provider (OpenAI {@code user}, Anthropic
		 * {@code metadata.user_id}); never personal data.
		 * @param endUser an opaque id
		 * @return this builder
		 */
		public Builder endUser(String endUser) {
			this.endUser = Objects.requireNonNull(endUser, "endUser must not be null");
			return this;
		}

		/**
		 * Route the request over a model group ({@code llm.failover.groups.*}) rather
		 * than the group of the client it is sent to; an unknown group fails the request
		 * with {@link UnknownModelGroupException}.
		 * @param group the group's name or one of its aliases
		 * @return this builder
		 */
		public Builder group(String group) {
			this.group = Objects.requireNonNull(group, "group must not be null");
			return this;
		}

		/**
		 * Offer tools to the model.
		 * @param tools the tools, with distinct names
		 * @return this builder
		 */
		public Builder tools(List<Tool> tools) {
			this.tools = List.copyOf(tools);
			this.plainText &= tools.isEmpty();
			return this;
		}

		public Builder tools(Tool... tools) {
			return tools(List.of(tools));
		}

		public Builder toolChoice(ToolChoice toolChoice) {
			this.toolChoice = Objects.requireNonNull(toolChoice, "toolChoice must not be null");
			this.plainText = false;
			return this;
		}

		public Builder parallelToolCalls(boolean parallelToolCalls) {
			this.parallelToolCalls = parallelToolCalls;
			return this;
		}

		public Builder responseFormat(ResponseFormat responseFormat) {
			this.responseFormat = Objects.requireNonNull(responseFormat, "responseFormat must not be null");
			this.plainText &= responseFormat.type() == ResponseFormat.Type.TEXT;
			return this;
		}

		/**
		 * Merge extra top-level fields into the body sent to providers of one type, and
		 * only to those; a field the library also sets is replaced. Values are what
		 * Jackson writes as JSON (maps, lists, strings, numbers, booleans).
		 * @param providerType the provider type, such as {@code anthropic}
		 * @param fields the fields
		 * @return this builder
		 */
		public Builder extraBody(String providerType, Map<String, ?> fields) {
			Map<String, Map<String, Object>> all = new LinkedHashMap<>(this.extraBody);
			all.put(Objects.requireNonNull(providerType, "providerType must not be null"), Map.copyOf(fields));
			this.extraBody = Map.copyOf(all);
			return this;
		}

		/**
		 * Hedge this request or not, whatever {@code llm.failover.hedging.enabled} says:
		 * when its first attempt is slow, send it to a second provider too and take the
		 * first answer. Costs a second call when it hedges, so suits short requests whose
		 * latency matters.
		 * @param hedging {@code true} to hedge, {@code false} never to
		 * @return this builder
		 */
		public Builder hedging(boolean hedging) {
			this.hedging = hedging;
			this.hedgeDelay = null;
			return this;
		}

		/**
		 * Hedge this request after its own delay, whatever
		 * {@code llm.failover.hedging.enabled} and {@code delay} say: when its first
		 * attempt has not answered (a stream: sent its first token) within the delay,
		 * send it to a second provider too and take the first answer. The hedging budget
		 * still caps it, and an application that turned hedging off with
		 * {@code Hedging.off()} still never hedges.
		 * @param delay how long the first attempt may take before the hedge, positive
		 * @return this builder
		 * @throws IllegalArgumentException if the delay is not positive
		 */
		public Builder hedging(Duration delay) {
			if (delay.isNegative() || delay.isZero()) {
				throw new IllegalArgumentException("The hedging delay must be positive, was " + delay);
			}
			this.hedging = true;
			this.hedgeDelay = delay;
			return this;
		}

		/**
		 * Build the request.
		 * @return the request
		 * @throws IllegalArgumentException when the conversation has no user or assistant
		 * message, a tool result answers no call of the assistant turn before it, a call
		 * has no result, arguments are not a JSON object, or the tool choice names no
		 * offered tool
		 */
		public ChatRequest build() {
			if (this.messages.stream().allMatch((message) -> message.role() == Role.SYSTEM)) {
				throw new IllegalArgumentException("A chat request needs at least one user message");
			}
			if (!this.plainText) {
				ConversationCheck.check(this.messages, this.tools, this.toolChoice);
			}
			return new ChatRequest(this);
		}

	}

}
