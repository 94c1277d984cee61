package io.github.llmfailover.sample.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * The text a simulated provider answers with, and its token counts (one token a word, as
 * an estimate).
 *
 * @param tokens the answer, token by token
 * @param inputTokens the tokens counted for the prompt
 */
record SimulatedAnswer(List<String> tokens, int inputTokens) {

	private static final int QUOTED_PROMPT_LENGTH = 60;

	static SimulatedAnswer to(String provider, String prompt) {
		String quoted = (prompt.length() <= QUOTED_PROMPT_LENGTH) ? prompt
				: prompt.substring(0, QUOTED_PROMPT_LENGTH) + "...";
		String text = "This is " + provider + ", a simulated provider of the llm-failover demo. You asked: \""
				+ quoted.replace('\n', ' ') + "\". A real model would answer here; this one only shows which provider "
				+ "served the request.";
		List<String> tokens = new ArrayList<>();
		for (String word : text.split(" ")) {
			tokens.add(tokens.isEmpty() ? word : " " + word);
		}
		return new SimulatedAnswer(List.copyOf(tokens), Math.max(1, prompt.split("\\s+").length + 8));
	}

	String text() {
		return String.join("", this.tokens);
	}

	int outputTokens() {
		return this.tokens.size();
	}

}
