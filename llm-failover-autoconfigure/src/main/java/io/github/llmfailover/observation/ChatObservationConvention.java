package io.github.llmfailover.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the observation of a whole request. Declare a bean to replace
 * {@link DefaultChatObservationConvention}.
 */
public interface ChatObservationConvention extends ObservationConvention<ChatObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof ChatObservationContext;
	}

}
