package io.github.llmfailover.chat;

import java.util.List;

/**
 * One model group as configured: a failover route over some of the providers, called by
 * its name or an alias.
 *
 * @param name its name
 * @param aliases other names it answers to, e.g. the model names clients of a gateway
 * send
 * @param providers its providers, lowest priority first
 * @param isDefault whether it serves the requests that name no group
 */
public record ModelGroup(String name, List<String> aliases, List<String> providers, boolean isDefault) {

	public ModelGroup {
		aliases = List.copyOf(aliases);
		providers = List.copyOf(providers);
	}

}
