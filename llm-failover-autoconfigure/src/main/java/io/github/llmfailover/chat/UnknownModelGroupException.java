package io.github.llmfailover.chat;

import java.util.Collection;
import java.util.List;

/**
 * A request named a model group that is not configured. Raised before any call; the
 * message lists the groups there are.
 */
public class UnknownModelGroupException extends LlmFailoverException {

	private final String group;

	private final List<String> known;

	/**
	 * @param group the name the request gave
	 * @param known the names of the configured groups
	 */
	public UnknownModelGroupException(String group, Collection<String> known) {
		super("No model group named '" + group + "'; known: " + String.join(", ", known)
				+ " (llm.failover.groups.<name> and its aliases)", List.of());
		this.group = group;
		this.known = List.copyOf(known);
	}

	/**
	 * The name the request gave.
	 * @return the name
	 */
	public String group() {
		return this.group;
	}

	/**
	 * The names of the configured groups.
	 * @return the names, in the order configured
	 */
	public List<String> known() {
		return this.known;
	}

}
