package io.github.llmfailover.sample.agent;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.github.llmfailover.chat.Tool;
import io.github.llmfailover.chat.ToolCall;

/**
 * The agent demo's built-in tools: {@code current_time} and {@code add}. A tool the model
 * made up, or arguments it got wrong, give an error result the model can read, as an
 * agent should answer them.
 */
final class AgentTools {

	static final List<Tool> ALL = List.of(Tool.of("add", "The sum of two numbers.", """
			{"type":"object","properties":{"a":{"type":"number"},"b":{"type":"number"}},
			 "required":["a","b"]}"""),
			Tool.of("current_time", "The current time in UTC, ISO-8601.", "{\"type\":\"object\",\"properties\":{}}"));

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Clock clock;

	AgentTools(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Run a call.
	 * @param call the call
	 * @return its result, as JSON text
	 */
	String run(ToolCall call) {
		try {
			JsonNode arguments = JSON.readTree(call.arguments());
			return switch (call.name()) {
				case "current_time" ->
					JSON.createObjectNode().put("utc", Instant.now(this.clock).toString()).toString();
				case "add" -> {
					if (!arguments.path("a").isNumber() || !arguments.path("b").isNumber()) {
						yield error("add needs numbers 'a' and 'b'");
					}
					yield JSON.createObjectNode()
						.put("sum", arguments.path("a").asDouble() + arguments.path("b").asDouble())
						.toString();
				}
				default -> error("there is no tool named '" + call.name() + "'");
			};
		}
		catch (JacksonException ex) {
			return error("the arguments are not JSON");
		}
	}

	private static String error(String message) {
		return JSON.createObjectNode().put("error", message).toString();
	}

}
