package io.github.llmfailover.sample.security;

import java.util.stream.Collectors;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an unusable gateway security configuration at start-up, each problem with its
 * fix.
 */
class GatewaySecurityFailureAnalyzer extends AbstractFailureAnalyzer<InvalidGatewaySecurityException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidGatewaySecurityException cause) {
		String description = cause.problems()
			.stream()
			.map((problem) -> "    - " + problem.description())
			.collect(Collectors.joining("\n", "The gateway's security configuration is not usable:\n\n", ""));
		String action = cause.problems()
			.stream()
			.map((problem) -> "    - " + problem.action())
			.collect(Collectors.joining("\n",
					"Fix the configuration under 'gateway' (see docs/gateway.md, Security):\n\n", ""));
		return new FailureAnalysis(description, action, cause);
	}

}
