package io.github.llmfailover.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the observation of one attempt. Declare a bean to replace
 * {@link DefaultAttemptObservationConvention}.
 */
public interface AttemptObservationConvention extends ObservationConvention<AttemptObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof AttemptObservationContext;
	}

}
