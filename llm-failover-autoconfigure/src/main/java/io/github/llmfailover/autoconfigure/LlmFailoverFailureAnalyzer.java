package io.github.llmfailover.autoconfigure;

import java.util.stream.Collectors;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import io.github.llmfailover.autoconfigure.InvalidLlmFailoverConfigurationException.Problem;

/**
 * Reports an invalid {@code llm.failover} configuration at start-up: each problem with
 * the property at fault, then each fix.
 */
class LlmFailoverFailureAnalyzer extends AbstractFailureAnalyzer<InvalidLlmFailoverConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidLlmFailoverConfigurationException cause) {
		String description = cause.problems()
			.stream()
			.map((problem) -> "    - " + problem.description())
			.collect(Collectors.joining("\n", "The llm-failover configuration is invalid:\n\n", ""));
		String action = cause.problems()
			.stream()
			.map(Problem::action)
			.distinct()
			.map((text) -> "    - " + text)
			.collect(Collectors.joining("\n", "Fix the configuration under '" + LlmFailoverProperties.PREFIX + "':\n\n",
					""));
		return new FailureAnalysis(description, action, cause);
	}

}
