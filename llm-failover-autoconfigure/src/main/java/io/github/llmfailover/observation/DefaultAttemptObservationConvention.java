package io.github.llmfailover.observation;

import io.micrometer.common.KeyValues;

import io.github.llmfailover.chat.AttemptOutcome;

/**
 * {@code llm.failover.attempts}, tagged with the {@code provider} and the {@code outcome}
 * (success, a failure class such as {@code server_error} or {@code timeout},
 * {@code circuit_open}, {@code cooling_down}) and the model {@code group}, so that why
 * traffic moved can be read from the metrics.
 */
public class DefaultAttemptObservationConvention implements AttemptObservationConvention {

	/** The name of the attempt observation, and of its timer. */
	public static final String NAME = "llm.failover.attempts";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(AttemptObservationContext context) {
		return "llm attempt " + context.getProvider();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(AttemptObservationContext context) {
		AttemptOutcome outcome = context.getOutcome();
		return KeyValues.of("provider", context.getProvider(), "outcome",
				(outcome != null) ? outcome.tagValue() : "unknown", "group", context.getGroup());
	}

}
