package io.github.llmfailover.chat;

import java.util.Locale;

/**
 * What a request may need beyond text, and what a provider may be able to do. Routing
 * sends a request only to providers that have every capability it needs.
 */
public enum Capability {

	/** Tool definitions, tool calls and tool results in the conversation. */
	TOOLS,

	/** A tool choice that forces a call ({@code required} or one named tool). */
	FORCED_TOOL_CHOICE,

	/** Images given by their data. */
	IMAGES,

	/** Images given by a remote URL, which the provider fetches. */
	IMAGE_URLS,

	/** Structured output: a JSON object, or JSON matching a schema. */
	JSON_SCHEMA;

	/**
	 * The name used in configuration and messages, such as {@code forced-tool-choice}.
	 * @return the kebab-case name
	 */
	public String propertyName() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
