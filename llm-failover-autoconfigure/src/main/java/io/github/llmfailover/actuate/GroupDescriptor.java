package io.github.llmfailover.actuate;

import java.util.List;

import io.github.llmfailover.chat.ModelGroup;

/**
 * One model group as the {@code llmproviders} endpoint shows it.
 *
 * @param name its name
 * @param aliases its other names
 * @param providers its providers, lowest priority in the group first
 */
public record GroupDescriptor(String name, List<String> aliases, List<String> providers) {

	static GroupDescriptor of(ModelGroup group) {
		return new GroupDescriptor(group.name(), group.aliases(), group.providers());
	}

	/**
	 * A provider in one model group.
	 *
	 * @param name the group's name
	 * @param priority the provider's tier in the group
	 * @param weight its weight in the group now
	 * @param share the fraction of the group's new traffic it would get now
	 * @param inRotation whether the group can route to it now
	 */
	public record Membership(String name, int priority, int weight, double share, boolean inRotation) {
	}

}
