package io.github.llmfailover.sample.agent;

import java.util.List;

/**
 * One turn of the agent loop.
 *
 * @param provider the provider that served it
 * @param content what the model said
 * @param toolCalls the tools it called, with their results
 */
record AgentTurn(String provider, String content, List<Call> toolCalls) {

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

}
