package io.github.llmfailover.routing;

import org.jspecify.annotations.Nullable;

/**
 * A provider in a model group, with the priority and weight it has in that group. Left
 * unset, they are the provider's own: a weight an operator changes then changes in the
 * group too.
 *
 * @param provider the provider's name
 * @param priority its tier in the group, or {@code null} for the provider's own
 * @param weight its share inside its tier in the group, or {@code null} for the
 * provider's weight (as operators may change it); 0 keeps it out of rotation in this
 * group only
 */
public record GroupMember(String provider, @Nullable Integer priority, @Nullable Integer weight) {

	/**
	 * @throws IllegalArgumentException if the weight is negative
	 */
	public GroupMember {
		if (weight != null && weight < 0) {
			throw new IllegalArgumentException(
					"The weight of LLM provider '" + provider + "' in a group must not be negative, was " + weight);
		}
	}

	/**
	 * A member with the provider's own priority and weight.
	 * @param provider the provider's name
	 * @return the member
	 */
	public static GroupMember of(String provider) {
		return new GroupMember(provider, null, null);
	}

}
