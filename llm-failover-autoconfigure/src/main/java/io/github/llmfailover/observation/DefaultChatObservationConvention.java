package io.github.llmfailover.observation;

import io.micrometer.common.KeyValues;

/**
 * {@code llm.failover.requests}, tagged with the {@code outcome}, the {@code provider}
 * that served ({@code none} when none did), the {@code operation} ({@code chat} or
 * {@code stream}) and the model {@code group} (a configured name, never what a client
 * sent). Nothing that grows with traffic (prompts, request ids) is a tag.
 */
public class DefaultChatObservationConvention implements ChatObservationConvention {

	/** The name of the request observation, and of its timer. */
	public static final String NAME = "llm.failover.requests";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(ChatObservationContext context) {
		return "llm " + context.getOperation();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(ChatObservationContext context) {
		RequestOutcome outcome = context.getOutcome();
		return KeyValues.of("outcome", (outcome != null) ? outcome.tagValue() : "unknown", "provider",
				context.getProvider(), "operation", context.getOperation(), "group", context.getGroup());
	}

}
