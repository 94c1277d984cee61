package io.github.llmfailover.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.llmfailover.routing.ProviderRegistry;

/**
 * Checks the model groups: the default group, each group's providers and tiers, that no
 * two groups answer to the same name, and each group's attempts and deadlines.
 */
final class GroupValidator {

	private final ConfigurationProblems problems;

	private final TierValidator tiers;

	GroupValidator(ConfigurationProblems problems) {
		this.problems = problems;
		this.tiers = new TierValidator(problems);
	}

	void check(LlmFailoverProperties properties) {
		Map<String, GroupProperties> groups = properties.getGroups();
		String defaultGroup = properties.getDefaultGroup();
		if (defaultGroup != null && !groups.containsKey(defaultGroup)) {
			this.problems.add("default-group", "is '" + defaultGroup + "', which names no group of llm.failover.groups",
					groups.isEmpty() ? "Remove llm.failover.default-group, or configure a group of that name."
							: "Set llm.failover.default-group to one of: " + String.join(", ", groups.keySet())
									+ "; or remove it.");
		}
		// Every name and alias a request or a gateway client may give, and whose it is.
		Map<String, String> names = new LinkedHashMap<>();
		groups.keySet().forEach((name) -> names.put(name, name));
		if (!groups.isEmpty() && defaultGroup == null) {
			names.putIfAbsent(ProviderRegistry.DEFAULT_GROUP, ProviderRegistry.DEFAULT_GROUP);
		}
		groups.forEach((name, group) -> {
			String prefix = "groups." + name + ".";
			checkProviders(prefix, group, properties.getProviders());
			checkAliases(prefix, name, group, names);
			checkRequestSettings(prefix, group, properties);
		});
	}

	private void checkProviders(String prefix, GroupProperties group, Map<String, ProviderProperties> providers) {
		if (group.getProviders().isEmpty()) {
			this.problems.add(prefix + "providers", "is empty: the group has no provider",
					"Add providers to the group, e.g. llm.failover." + prefix + "providers."
							+ providers.keySet().stream().findFirst().orElse("openai")
							+ ".weight=1 (a provider of llm.failover.providers), or remove the group.");
		}
		List<TierValidator.Member> members = new ArrayList<>();
		group.getProviders().forEach((providerName, member) -> {
			String property = prefix + "providers." + providerName;
			ProviderProperties provider = providers.get(providerName);
			if (provider == null) {
				this.problems.add(property,
						"names no configured provider (known: " + String.join(", ", providers.keySet()) + ")",
						"Use the name of a provider of llm.failover.providers in llm.failover." + prefix
								+ "providers, or configure llm.failover.providers." + providerName + ".");
				return;
			}
			Integer weight = member.getWeight();
			if (weight != null && weight < 0) {
				this.problems.add(property + ".weight", "is " + weight + "; a weight must not be negative",
						"Set llm.failover." + property + ".weight to a positive share, 0 to keep the provider out "
								+ "of this group's rotation, or remove it for the provider's own weight.");
			}
			members.add(new TierValidator.Member(providerName, provider.isEnabled(),
					(member.getPriority() != null) ? member.getPriority() : provider.getPriority(),
					(weight != null) ? weight : provider.getWeight()));
		});
		if (members.size() == group.getProviders().size() && !members.isEmpty()) {
			this.tiers.check(prefix + "providers", members);
		}
	}

	private void checkAliases(String prefix, String name, GroupProperties group, Map<String, String> names) {
		for (String alias : group.getAliases()) {
			if (alias == null || alias.isBlank()) {
				this.problems.add(prefix + "aliases", "has a blank alias", "Remove the blank entry of llm.failover."
						+ prefix + "aliases; each alias is a name the group is called by.");
				continue;
			}
			String owner = names.putIfAbsent(alias, name);
			if (owner != null) {
				this.problems.add(prefix + "aliases",
						"has '" + alias + "', which is already "
								+ (owner.equals(alias) ? "the name of group '" + owner + "'"
										: (owner.equals(name) ? "an alias of this group"
												: "an alias of group '" + owner + "'")),
						"Give each group names and aliases no other group has: a model name must choose one group. "
								+ "Remove '" + alias + "' from llm.failover." + prefix + "aliases or from the other "
								+ "group.");
			}
		}
	}

	private void checkRequestSettings(String prefix, GroupProperties group, LlmFailoverProperties properties) {
		Integer maxAttempts = group.getMaxAttempts();
		if (maxAttempts != null) {
			this.problems.requireAttempts(prefix + "max-attempts", maxAttempts, "Set llm.failover." + prefix
					+ "max-attempts to 1 or more, or remove it for llm.failover.max-attempts.");
		}
		this.problems.requirePositiveIfSet(prefix + "timeout", group.getTimeout());
		this.problems.requirePositiveIfSet(prefix + "attempt-timeout", group.getAttemptTimeout());
		if (group.getTimeout() != null || group.getAttemptTimeout() != null) {
			Duration timeout = (group.getTimeout() != null) ? group.getTimeout() : properties.getTimeout();
			Duration attemptTimeout = (group.getAttemptTimeout() != null) ? group.getAttemptTimeout()
					: properties.getAttemptTimeout();
			this.problems.requireAttemptWithinDeadline(prefix + "attempt-timeout", attemptTimeout,
					"the group's timeout", timeout,
					"Make the group's attempt-timeout at most its timeout (llm.failover." + prefix
							+ "attempt-timeout and timeout, which default to llm.failover.attempt-timeout and "
							+ "timeout).");
		}
	}

}
