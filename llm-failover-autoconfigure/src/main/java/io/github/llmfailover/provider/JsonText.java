package io.github.llmfailover.provider;

import tools.jackson.databind.JsonNode;

/**
 * JSON text a request carries (tool schemas, tool-call arguments), as a tree for the
 * formats that embed it. The request checked it when it was built.
 */
public final class JsonText {

	private JsonText() {
	}

	/**
	 * Parse JSON text.
	 * @param json the text
	 * @return the tree
	 */
	public static JsonNode parse(String json) {
		return WireJson.MAPPER.readTree(json);
	}

}
