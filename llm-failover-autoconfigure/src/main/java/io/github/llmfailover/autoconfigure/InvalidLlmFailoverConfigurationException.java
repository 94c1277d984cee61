package io.github.llmfailover.autoconfigure;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The {@code llm.failover} configuration cannot work. Lists every problem found, each
 * with the property at fault and how to fix it; {@link LlmFailoverFailureAnalyzer} turns
 * it into the start-up failure report.
 */
public class InvalidLlmFailoverConfigurationException extends RuntimeException {

	private final List<Problem> problems;

	InvalidLlmFailoverConfigurationException(List<Problem> problems) {
		super("Invalid llm-failover configuration: "
				+ problems.stream().map(Problem::description).collect(Collectors.joining("; ")));
		this.problems = List.copyOf(problems);
	}

	/**
	 * The problems, in the order they were found.
	 * @return the problems, never empty
	 */
	public List<Problem> problems() {
		return this.problems;
	}

	/**
	 * One problem of the configuration.
	 *
	 * @param property the property at fault
	 * @param description what is wrong
	 * @param action how to fix it
	 */
	public record Problem(String property, String description, String action) {
	}

}
