package io.github.llmfailover.routing;

import java.util.List;
import java.util.Set;

import io.github.llmfailover.chat.Capability;

/**
 * Which providers can serve a request that needs some capabilities (tools, a forced tool
 * choice, a JSON schema, images), and what each lacks, for the error that says none can.
 * A provider that lacks one is skipped for that request only; it stays in rotation.
 */
final class CapabilityCheck {

	private CapabilityCheck() {
	}

	/**
	 * The providers that lack a capability a request needs, as bits of their index.
	 * @param providers the providers to check
	 * @param needed what the request needs
	 * @return the providers to skip
	 */
	static long incapable(List<RoutedProvider> providers, Set<Capability> needed) {
		long mask = 0;
		for (RoutedProvider provider : providers) {
			if (!provider.settings().capabilities().containsAll(needed)) {
				mask |= 1L << provider.index();
			}
		}
		return mask;
	}

	/**
	 * What each provider lacks of what a request needs.
	 * @param providers the providers to describe
	 * @param needed what the request needs
	 * @return a description such as {@code local lacks forced-tool-choice}
	 */
	static String lacking(List<RoutedProvider> providers, Set<Capability> needed) {
		StringBuilder text = new StringBuilder();
		for (RoutedProvider provider : providers) {
			text.append(text.isEmpty() ? "" : "; ").append(provider.name()).append(" lacks");
			String separator = " ";
			for (Capability capability : needed) {
				if (!provider.settings().capabilities().contains(capability)) {
					text.append(separator).append(capability.propertyName());
					separator = ", ";
				}
			}
		}
		return text.toString();
	}

}
