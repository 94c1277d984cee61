package io.github.llmfailover.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks that a set of providers, the provider list or a group's, can serve: some
 * provider is enabled, and each tier has one with a positive weight.
 */
final class TierValidator {

	private final ConfigurationProblems problems;

	TierValidator(ConfigurationProblems problems) {
		this.problems = problems;
	}

	/**
	 * Check the tiers of some providers.
	 * @param property the property listing them, without the {@code llm.failover.} prefix
	 * @param members the providers, as that list sets them
	 */
	void check(String property, List<Member> members) {
		Map<Integer, List<String>> tiers = new TreeMap<>();
		Map<Integer, Integer> weights = new TreeMap<>();
		members.forEach((member) -> {
			if (member.enabled()) {
				tiers.computeIfAbsent(member.priority(), (priority) -> new ArrayList<>()).add(member.name());
				weights.merge(member.priority(), Math.max(0, member.weight()), Integer::sum);
			}
		});
		if (tiers.isEmpty()) {
			this.problems.add(property, "has no enabled provider: every one sets enabled=false",
					property.startsWith("groups.") ? "Add an enabled provider to llm.failover." + property + "."
							: "Enable at least one provider, or set llm.failover.enabled=false to turn llm-failover "
									+ "off.");
			return;
		}
		tiers.forEach((priority, names) -> {
			if (weights.getOrDefault(priority, 0) == 0) {
				this.problems.add(property,
						"of priority " + priority + " (" + String.join(", ", names)
								+ ") all have weight 0, so that tier can never serve",
						"Give at least one provider of priority " + priority
								+ " a positive weight, or disable the ones meant to stay out of rotation.");
			}
		});
	}

	/**
	 * A provider as a tier check sees it, in the provider list or in a group.
	 *
	 * @param name the provider's name
	 * @param enabled whether it is enabled
	 * @param priority its tier
	 * @param weight its share in the tier
	 */
	record Member(String name, boolean enabled, int priority, int weight) {
	}

}
