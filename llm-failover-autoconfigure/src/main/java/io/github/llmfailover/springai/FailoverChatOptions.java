package io.github.llmfailover.springai;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.model.tool.DefaultToolCallingChatOptions;
import org.springframework.ai.model.tool.StructuredOutputChatOptions;
import org.springframework.ai.tool.ToolCallback;

/**
 * The options of the {@link FailoverChatModel}: Spring AI's portable options, tools
 * ({@code ToolCallingChatOptions}, so that {@code ChatClient}'s tool calling works) and
 * the output schema of structured output ({@code StructuredOutputChatOptions}, for
 * {@code entity(..., spec -> spec.useProviderStructuredOutput())}).
 *
 * <p>
 * Each provider has its own model ({@code llm.failover.providers.<name>.model}), so
 * {@link #getModel()} names a model group ({@code llm.failover.groups.<name>} or one of
 * its aliases) to route over, the default group when unset; top-k and the penalties have
 * no counterpart in every provider's API and are refused when set, rather than silently
 * dropped.
 */
public final class FailoverChatOptions extends DefaultToolCallingChatOptions implements StructuredOutputChatOptions {

	private final @Nullable String outputSchema;

	private FailoverChatOptions(@Nullable List<ToolCallback> toolCallbacks, @Nullable Map<String, Object> toolContext,
			@Nullable Integer maxTokens, @Nullable List<String> stopSequences, @Nullable Double temperature,
			@Nullable Double topP, @Nullable String model, @Nullable Double frequencyPenalty,
			@Nullable Double presencePenalty, @Nullable Integer topK, @Nullable String outputSchema) {
		super(toolCallbacks, toolContext, model, frequencyPenalty, maxTokens, presencePenalty, stopSequences,
				temperature, topK, topP);
		this.outputSchema = outputSchema;
	}

	public static Builder builder() {
		return new Builder();
	}

	@Override
	public @Nullable String getOutputSchema() {
		return this.outputSchema;
	}

	@Override
	public Builder mutate() {
		Builder builder = builder().model(getModel())
			.frequencyPenalty(getFrequencyPenalty())
			.maxTokens(getMaxTokens())
			.presencePenalty(getPresencePenalty())
			.stopSequences(getStopSequences())
			.temperature(getTemperature())
			.topK(getTopK())
			.topP(getTopP())
			.toolCallbacks(getToolCallbacks())
			.toolContext(getToolContext());
		return builder.outputSchema(this.outputSchema);
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof FailoverChatOptions that && super.equals(that)
				&& Objects.equals(this.outputSchema, that.outputSchema);
	}

	@Override
	public int hashCode() {
		return Objects.hash(super.hashCode(), this.outputSchema);
	}

	/**
	 * Builds {@link FailoverChatOptions}; {@code ChatClient} gets one from
	 * {@link FailoverChatModel#getOptions()} and adds the request's tools and options.
	 */
	public static final class Builder extends DefaultToolCallingChatOptions.Builder<Builder>
			implements StructuredOutputChatOptions.Builder<Builder> {

		private @Nullable String outputSchema;

		private Builder() {
		}

		@Override
		public Builder outputSchema(@Nullable String outputSchema) {
			this.outputSchema = outputSchema;
			return this;
		}

		@Override
		public Builder combineWith(ChatOptions.Builder<?> other) {
			super.combineWith(other);
			if (other instanceof Builder that && that.outputSchema != null) {
				this.outputSchema = that.outputSchema;
			}
			return this;
		}

		@Override
		public FailoverChatOptions build() {
			return new FailoverChatOptions(this.toolCallbacks, this.toolContext, this.maxTokens, this.stopSequences,
					this.temperature, this.topP, this.model, this.frequencyPenalty, this.presencePenalty, this.topK,
					this.outputSchema);
		}

	}

}
