package io.github.llmfailover.routing;

import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The model groups of one registry, by name, which every group's registry shares, and how
 * they are made: the registry of every provider at its own priority and weight, the
 * configured groups with their members resolved to the providers, and which group serves
 * requests that name none. Kept apart from {@link ProviderRegistry} so that the registry
 * routes one group and this says which groups there are.
 */
final class ModelGroups {

	private final Map<String, ProviderRegistry> byName = new LinkedHashMap<>();

	private final Map<String, ProviderRegistry> view = Collections.unmodifiableMap(this.byName);

	private final String defaultName;

	private ModelGroups(String defaultName) {
		this.defaultName = defaultName;
	}

	/**
	 * Make the registry of every provider and the registries of the configured groups.
	 * @param providers every provider, in the order added
	 * @param definitions each group's members by its name, in the order configured
	 * @param defaultGroup the group that serves requests naming none, or {@code null} for
	 * {@value ProviderRegistry#DEFAULT_GROUP}: the group of that name if configured, else
	 * every provider
	 * @param registries makes a group's registry
	 * @return the registry of every provider at its own priority and weight
	 * @throws IllegalArgumentException if the default group is not configured or a group
	 * names a provider there is not
	 */
	static ProviderRegistry build(List<RoutedProvider> providers, Map<String, List<GroupMember>> definitions,
			@Nullable String defaultGroup, RegistryFactory registries) {
		String defaultName = (defaultGroup != null) ? defaultGroup : ProviderRegistry.DEFAULT_GROUP;
		boolean everyProviderIsDefault = defaultName.equals(ProviderRegistry.DEFAULT_GROUP);
		if (!everyProviderIsDefault && !definitions.containsKey(defaultName)) {
			throw new IllegalArgumentException(
					"The default model group '" + defaultName + "' is not one of " + definitions.keySet());
		}
		ModelGroups groups = new ModelGroups(defaultName);
		ProviderRegistry all = registries.create(ProviderRegistry.DEFAULT_GROUP,
				providers.stream().map(Member::atOwnPriorityAndWeight).toList(), groups);
		if (everyProviderIsDefault && !definitions.containsKey(ProviderRegistry.DEFAULT_GROUP)) {
			groups.byName.put(ProviderRegistry.DEFAULT_GROUP, all);
		}
		Map<String, RoutedProvider> providersByName = new LinkedHashMap<>();
		providers.forEach((provider) -> providersByName.put(provider.name(), provider));
		definitions.forEach((name, members) -> groups.byName.put(name, registries.create(name,
				members.stream().map((member) -> Member.of(member, providersByName)).toList(), groups)));
		return all;
	}

	/**
	 * The groups by name, in the order configured.
	 * @return an unmodifiable view
	 */
	Map<String, ProviderRegistry> byName() {
		return this.view;
	}

	/**
	 * One group.
	 * @param name its name
	 * @return its registry, or {@code null} if there is no group of that name
	 */
	@Nullable ProviderRegistry get(String name) {
		return this.byName.get(name);
	}

	/**
	 * The group that serves requests that name none.
	 * @return its registry
	 */
	ProviderRegistry defaultGroup() {
		return Objects.requireNonNull(this.byName.get(this.defaultName), "added by build");
	}

	/**
	 * Makes the registry of one group.
	 */
	@FunctionalInterface
	interface RegistryFactory {

		ProviderRegistry create(String name, List<Member> members, ModelGroups groups);

	}

	/**
	 * A provider in a group, at its priority and weight there.
	 *
	 * @param provider the provider
	 * @param priority its tier in the group
	 * @param weight its weight in the group, or {@link #OWN_WEIGHT}
	 */
	record Member(RoutedProvider provider, int priority, int weight) {

		/** A member's weight that follows the provider's own, as operators change it. */
		static final int OWN_WEIGHT = -1;

		static Member atOwnPriorityAndWeight(RoutedProvider provider) {
			return new Member(provider, provider.priority(), OWN_WEIGHT);
		}

		static Member of(GroupMember member, Map<String, RoutedProvider> providers) {
			RoutedProvider provider = providers.get(member.provider());
			if (provider == null) {
				// Named in priority order, as the registry of every provider lists them.
				throw new IllegalArgumentException(
						"No LLM provider named '" + member.provider() + "' for a model group; known: "
								+ providers.values()
									.stream()
									.sorted(Comparator.comparingInt(RoutedProvider::priority))
									.map(RoutedProvider::name)
									.toList());
			}
			Integer priority = member.priority();
			Integer weight = member.weight();
			return new Member(provider, (priority != null) ? priority : provider.priority(),
					(weight != null) ? weight : OWN_WEIGHT);
		}

	}

}
