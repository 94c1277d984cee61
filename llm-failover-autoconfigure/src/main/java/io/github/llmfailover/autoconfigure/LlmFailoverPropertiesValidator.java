package io.github.llmfailover.autoconfigure;

import java.util.Set;

/**
 * Checks the whole {@code llm.failover} configuration before anything is built from it,
 * and reports every problem at once so a start-up fails only one time per mistake. Each
 * concern has a validator of its own; they record what they find in one
 * {@link ConfigurationProblems}, in the order of the checks here.
 */
final class LlmFailoverPropertiesValidator {

	private LlmFailoverPropertiesValidator() {
	}

	/**
	 * Validate the configuration.
	 * @param properties the configuration
	 * @param knownTypes the provider types a factory exists for
	 * @throws InvalidLlmFailoverConfigurationException listing every problem
	 */
	static void validate(LlmFailoverProperties properties, Set<String> knownTypes) {
		ConfigurationProblems problems = new ConfigurationProblems();
		new RequestSettingsValidator(problems).check(properties);
		new RetryControlsValidator(problems).check(properties);
		new ProviderValidator(problems, knownTypes).check(properties);
		new RoutingValidator(problems).check(properties);
		new GroupValidator(problems).check(properties);
		problems.throwIfAny();
	}

}
