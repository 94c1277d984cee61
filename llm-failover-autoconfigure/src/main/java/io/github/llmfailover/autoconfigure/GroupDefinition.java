package io.github.llmfailover.autoconfigure;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.github.llmfailover.routing.FailoverPolicy;
import io.github.llmfailover.routing.GroupMember;

/**
 * One model group of a validated configuration.
 *
 * @param members its providers, with their priority and weight in the group where set
 * @param aliases its other names
 * @param maxAttempts its calls per request, or {@code null} for the global setting
 * @param timeout its request deadline, or {@code null} for the global setting
 * @param attemptTimeout its attempt limit, or {@code null} for the global setting
 */
record GroupDefinition(List<GroupMember> members, List<String> aliases, @Nullable Integer maxAttempts,
		@Nullable Duration timeout, @Nullable Duration attemptTimeout) {

	static GroupDefinition of(GroupProperties group) {
		return new GroupDefinition(
				group.getProviders()
					.entrySet()
					.stream()
					.map((entry) -> new GroupMember(entry.getKey(), entry.getValue().getPriority(),
							entry.getValue().getWeight()))
					.toList(),
				List.copyOf(group.getAliases()), group.getMaxAttempts(), group.getTimeout(), group.getAttemptTimeout());
	}

	/**
	 * The failover policy of this group: the global one with what the group sets.
	 * @param global the policy of requests outside groups
	 * @return the group's policy
	 */
	FailoverPolicy policy(FailoverPolicy global) {
		return new FailoverPolicy((this.maxAttempts != null) ? this.maxAttempts : global.maxAttempts(),
				(this.timeout != null) ? this.timeout : global.timeout(),
				(this.attemptTimeout != null) ? this.attemptTimeout : global.attemptTimeout(), global.backoff(),
				global.maxCooldown());
	}

}
