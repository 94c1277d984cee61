package io.github.llmfailover.chat;

import java.util.List;
import java.util.Set;

/**
 * No configured provider can serve the request: it needs capabilities (tools, a forced
 * tool choice, images, structured output) that none has. Raised before any call; the
 * message names what was asked and what each provider lacks. Nothing is dropped silently:
 * grant the capability in configuration if a provider has it after all.
 */
public class UnsupportedRequestException extends LlmFailoverException {

	private final Set<Capability> needed;

	/**
	 * @param needed what the request needs
	 * @param lacking what each provider lacks, for the message
	 */
	public UnsupportedRequestException(Set<Capability> needed, String lacking) {
		super("No LLM provider can serve this request: it needs " + names(needed) + " (" + lacking
				+ "); set llm.failover.providers.<name>.capabilities.* if a provider can after all", List.of());
		this.needed = Set.copyOf(needed);
	}

	/**
	 * What the request needs.
	 * @return the capabilities
	 */
	public Set<Capability> needed() {
		return this.needed;
	}

	static String names(Set<Capability> capabilities) {
		StringBuilder text = new StringBuilder();
		for (Capability capability : capabilities) {
			text.append(text.isEmpty() ? "" : ", ").append(capability.propertyName());
		}
		return text.toString();
	}

}
