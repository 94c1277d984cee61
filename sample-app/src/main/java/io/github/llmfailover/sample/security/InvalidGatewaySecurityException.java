package io.github.llmfailover.sample.security;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The gateway's security configuration cannot be used: start-up stops, and
 * {@link GatewaySecurityFailureAnalyzer} says what to change.
 */
class InvalidGatewaySecurityException extends RuntimeException {

	private final List<Problem> problems;

	InvalidGatewaySecurityException(List<Problem> problems) {
		super(problems.stream().map(Problem::description).collect(Collectors.joining("; ")));
		this.problems = List.copyOf(problems);
	}

	List<Problem> problems() {
		return this.problems;
	}

	/**
	 * One thing wrong.
	 *
	 * @param description what is wrong, naming the property
	 * @param action how to fix it
	 */
	record Problem(String description, String action) {
	}

}
