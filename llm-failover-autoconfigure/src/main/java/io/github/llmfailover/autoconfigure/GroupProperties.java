package io.github.llmfailover.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A model group: a failover route over some of the providers. A provider in several
 * groups is one provider: its circuit breaker, cooldowns, rate limits and operator
 * changes apply in every group.
 *
 * @see LlmFailoverProperties#getGroups()
 */
public class GroupProperties {

	/**
	 * The group's providers by name, each with its priority and weight in the group
	 * (unset: the provider's own).
	 */
	private Map<String, Provider> providers = new LinkedHashMap<>();

	/**
	 * Other names of the group, e.g. the model names a gateway's clients send.
	 */
	private List<String> aliases = new ArrayList<>();

	/**
	 * Calls per request of this group; unset: llm.failover.max-attempts.
	 */
	private @Nullable Integer maxAttempts;

	/**
	 * Deadline of a request of this group; unset: llm.failover.timeout.
	 */
	private @Nullable Duration timeout;

	/**
	 * Limit of one attempt of this group; unset: llm.failover.attempt-timeout.
	 */
	private @Nullable Duration attemptTimeout;

	public Map<String, Provider> getProviders() {
		return this.providers;
	}

	public void setProviders(Map<String, Provider> providers) {
		this.providers = providers;
	}

	public List<String> getAliases() {
		return this.aliases;
	}

	public void setAliases(List<String> aliases) {
		this.aliases = aliases;
	}

	public @Nullable Integer getMaxAttempts() {
		return this.maxAttempts;
	}

	public void setMaxAttempts(@Nullable Integer maxAttempts) {
		this.maxAttempts = maxAttempts;
	}

	public @Nullable Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(@Nullable Duration timeout) {
		this.timeout = timeout;
	}

	public @Nullable Duration getAttemptTimeout() {
		return this.attemptTimeout;
	}

	public void setAttemptTimeout(@Nullable Duration attemptTimeout) {
		this.attemptTimeout = attemptTimeout;
	}

	/**
	 * A provider in a model group.
	 */
	public static class Provider {

		/**
		 * Share of the group's traffic inside the provider's tier in the group; 0 keeps
		 * it out of this group's rotation. Unset: the provider's weight, as operators
		 * change it.
		 */
		private @Nullable Integer weight;

		/**
		 * Priority tier in the group; lower serves first. Unset: the provider's priority.
		 */
		private @Nullable Integer priority;

		public @Nullable Integer getWeight() {
			return this.weight;
		}

		public void setWeight(@Nullable Integer weight) {
			this.weight = weight;
		}

		public @Nullable Integer getPriority() {
			return this.priority;
		}

		public void setPriority(@Nullable Integer priority) {
			this.priority = priority;
		}

	}

}
