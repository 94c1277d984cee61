package io.github.llmfailover.sample.gateway;

import java.util.List;
import java.util.Objects;

/**
 * A gateway request asked for a model that no model group serves. Each API answers it in
 * its own error shape: OpenAI's is a 404 with code {@code model_not_found}.
 */
class ModelNotFoundException extends RuntimeException {

	ModelNotFoundException(String model, List<String> known) {
		super("The model '" + model + "' does not exist on this gateway; it serves: " + String.join(", ", known));
	}

	@Override
	public String getMessage() {
		// Always given: the message is what the caller is told.
		return Objects.requireNonNull(super.getMessage());
	}

}
