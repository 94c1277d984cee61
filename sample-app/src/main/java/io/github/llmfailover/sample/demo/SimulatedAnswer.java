package io.github.llmfailover.sample.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.github.llmfailover.sample.demo.SimulatedTools.Offered;

/**
 * What a simulated provider answers, and its token counts (one token a word, as an
 * estimate). A simple, predictable model: offered tools it calls one per turn (the forced
 * one, else the first one the prompt mentions and it has not called yet), filling number
 * parameters with the prompt's numbers and text parameters with the prompt; after the
 * results it answers with them; asked for JSON, it answers JSON that matches the schema.
 *
 * @param tokens the text answer, token by token
 * @param inputTokens the tokens counted for the prompt
 * @param calls the tool calls, possibly empty
 */
record SimulatedAnswer(List<String> tokens, int inputTokens, List<Call> calls) {

	private static final int QUOTED_PROMPT_LENGTH = 60;

	private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");

	static SimulatedAnswer to(String provider, String prompt) {
		return to(provider, prompt, SimulatedTools.NONE);
	}

	static SimulatedAnswer to(String provider, String prompt, SimulatedTools tools) {
		int inputTokens = Math.max(1, prompt.split("\\s+").length + 8);
		Offered tool = choose(prompt, tools);
		if (tool != null) {
			String id = "call_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
			return new SimulatedAnswer(List.of(), inputTokens,
					List.of(new Call(id, tool.name(), arguments(tool.parameters(), prompt))));
		}
		String text = text(provider, prompt, tools);
		if (tools.schema() != null) {
			text = example(tools.schema(), text).toString();
		}
		else if (tools.jsonObject()) {
			text = SimulatedWireFormat.object().put("answer", text).toString();
		}
		return new SimulatedAnswer(words(text), inputTokens, List.of());
	}

	private static @Nullable Offered choose(String prompt, SimulatedTools tools) {
		if (tools.none() || tools.offered().isEmpty()) {
			return null;
		}
		for (Offered tool : tools.offered()) {
			if (tool.name().equals(tools.forced())) {
				return tool;
			}
		}
		String lower = prompt.toLowerCase(Locale.ROOT);
		for (Offered tool : tools.offered()) {
			if (!tools.called().contains(tool.name())
					&& lower.contains(tool.name().replace('_', ' ').toLowerCase(Locale.ROOT))) {
				return tool;
			}
		}
		return tools.called().isEmpty() ? tools.offered().get(0) : null;
	}

	private static String text(String provider, String prompt, SimulatedTools tools) {
		if (!tools.results().isEmpty()) {
			return "This is " + provider + ", a simulated provider. The tools said: "
					+ String.join("; ", tools.results()) + ".";
		}
		String quoted = (prompt.length() <= QUOTED_PROMPT_LENGTH) ? prompt
				: prompt.substring(0, QUOTED_PROMPT_LENGTH) + "...";
		return "This is " + provider + ", a simulated provider of the llm-failover demo. You asked: \""
				+ quoted.replace('\n', ' ') + "\". A real model would answer here; this one only shows which provider "
				+ "served the request.";
	}

	/** Arguments for a tool: the prompt's numbers in order, the prompt as text. */
	private static ObjectNode arguments(JsonNode schema, String prompt) {
		Matcher numbers = NUMBER.matcher(prompt);
		ObjectNode arguments = SimulatedWireFormat.object();
		for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
			String type = property.getValue().path("type").asString("string");
			switch (type) {
				case "number", "integer" ->
					arguments.put(property.getKey(), numbers.find() ? Double.parseDouble(numbers.group()) : 1);
				case "boolean" -> arguments.put(property.getKey(), true);
				default -> arguments.put(property.getKey(), prompt);
			}
		}
		return arguments;
	}

	/** A value that matches a schema, with the text where a string goes. */
	private static JsonNode example(JsonNode schema, String text) {
		return switch (schema.path("type").asString("object")) {
			case "string" -> SimulatedWireFormat.JSON.getNodeFactory()
				.stringNode(schema.has("enum") ? schema.path("enum").path(0).asString(text) : text);
			case "number", "integer" -> SimulatedWireFormat.JSON.getNodeFactory().numberNode(42);
			case "boolean" -> SimulatedWireFormat.JSON.getNodeFactory().booleanNode(true);
			case "array" -> SimulatedWireFormat.JSON.createArrayNode().add(example(schema.path("items"), text));
			default -> {
				ObjectNode object = SimulatedWireFormat.object();
				for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
					object.set(property.getKey(), example(property.getValue(), text));
				}
				if (object.isEmpty()) {
					object.put("answer", text);
				}
				yield object;
			}
		};
	}

	private static List<String> words(String text) {
		List<String> tokens = new ArrayList<>();
		for (String word : text.split(" ")) {
			tokens.add(tokens.isEmpty() ? word : " " + word);
		}
		return List.copyOf(tokens);
	}

	String text() {
		return String.join("", this.tokens);
	}

	int outputTokens() {
		return Math.max(this.tokens.size(), 8 * this.calls.size());
	}

	/**
	 * A tool call of the simulated model.
	 *
	 * @param id its id
	 * @param name the tool
	 * @param arguments the arguments
	 */
	record Call(String id, String name, ObjectNode arguments) {

		/** The arguments JSON text in two pieces, as providers stream them. */
		List<String> argumentPieces() {
			String json = this.arguments.toString();
			int half = json.length() / 2;
			return List.of(json.substring(0, half), json.substring(half));
		}

	}

}
