package io.github.llmfailover.sample.demo;

import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What a request asks of a simulated model beyond text, read from its wire format: the
 * tools offered, the tool choice, the calls already made and their results, and the
 * structured output asked for.
 *
 * @param offered the tools offered
 * @param forced the tool the model must call, or {@code null}
 * @param none whether the model must not call a tool
 * @param called the names of the tools already called in the conversation
 * @param results the results of those calls, in order
 * @param schema the JSON Schema the answer must match, or {@code null}
 * @param jsonObject whether the answer must be a JSON object
 */
record SimulatedTools(List<Offered> offered, @Nullable String forced, boolean none, List<String> called,
		List<String> results, @Nullable JsonNode schema, boolean jsonObject) {

	static final SimulatedTools NONE = new SimulatedTools(List.of(), null, false, List.of(), List.of(), null, false);

	/**
	 * A tool offered to the model.
	 *
	 * @param name its name
	 * @param parameters the JSON Schema of its arguments
	 */
	record Offered(String name, JsonNode parameters) {
	}

}
