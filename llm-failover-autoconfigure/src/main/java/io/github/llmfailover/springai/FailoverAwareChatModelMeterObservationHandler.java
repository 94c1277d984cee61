package io.github.llmfailover.springai;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationView;

import org.springframework.ai.chat.observation.ChatModelMeterObservationHandler;
import org.springframework.ai.chat.observation.ChatModelObservationContext;

import io.github.llmfailover.observation.AttemptObservationContext;

/**
 * Spring AI's token meter handler, leaving out the calls that llm-failover's attempts
 * make to the model of a {@code spring-ai} provider: llm-failover counts their tokens
 * itself, in its {@code gen_ai.client.token.usage} distribution summary tagged with the
 * provider. Spring AI counts tokens in counters of that same name, so each such call
 * would count twice, in meters of two types under one name. Calls made outside failover
 * are counted by Spring AI as before. The model's observation itself stays (its span, its
 * {@code gen_ai.client.operation} timer): only its tokens are left to llm-failover.
 */
public class FailoverAwareChatModelMeterObservationHandler extends ChatModelMeterObservationHandler {

	/**
	 * @param meterRegistry where Spring AI counts the tokens of calls made outside
	 * failover
	 */
	public FailoverAwareChatModelMeterObservationHandler(MeterRegistry meterRegistry) {
		super(meterRegistry);
	}

	@Override
	public void onStop(ChatModelObservationContext context) {
		if (!isInsideAnAttempt(context)) {
			super.onStop(context);
		}
	}

	/**
	 * Whether an observation was made inside an attempt of the failover client.
	 * @param context the observation's context
	 * @return {@code true} when an attempt is among its parents
	 */
	static boolean isInsideAnAttempt(Observation.ContextView context) {
		ObservationView parent = context.getParentObservation();
		while (parent != null) {
			if (parent.getContextView() instanceof AttemptObservationContext) {
				return true;
			}
			parent = parent.getContextView().getParentObservation();
		}
		return false;
	}

}
