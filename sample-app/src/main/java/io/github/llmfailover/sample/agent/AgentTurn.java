package io.github.llmfailover.sample.agent;

import java.util.List;

import io.github.llmfailover.chat.Attempt;
import io.github.llmfailover.chat.AttemptOutcome;

/**
 * One turn of the agent loop.
 *
 * @param provider the provider that served it
 * @param content what the model said
 * @param toolCalls the tools it called, with their results
 * @param failedOver the attempts that failed before the turn was served, in order
 */
record AgentTurn(String provider, String content, List<Call> toolCalls, List<FailedAttempt> failedOver) {

	/**
	 * A tool call and its result.
	 *
	 * @param id the call's id, as the provider made it
	 * @param name the tool
	 * @param arguments the arguments
	 * @param result what the tool returned
	 */
	record Call(String id, String name, String arguments, String result) {
	}

	/**
	 * An attempt of the turn that failed, after which the turn went elsewhere.
	 *
	 * @param provider the provider tried
	 * @param outcome why it failed, e.g. {@code server_error}
	 * @param status its HTTP status, or 0
	 */
	record FailedAttempt(String provider, String outcome, int status) {

		static List<FailedAttempt> of(List<Attempt> attempts) {
			return attempts.stream()
				.filter((attempt) -> attempt.outcome() != AttemptOutcome.SUCCESS)
				.map((attempt) -> new FailedAttempt(attempt.provider(), attempt.outcome().tagValue(), attempt.status()))
				.toList();
		}

	}

}
