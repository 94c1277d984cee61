package io.github.llmfailover.actuate;

import java.util.function.BiConsumer;

/**
 * Adds details to the {@code llmProviders} health contributor beside the providers', for
 * what shapes routing as a whole: fleet mode says there whether it shares state through
 * Redis or works alone. Declare a bean to add your own.
 */
@FunctionalInterface
public interface LlmProvidersHealthDetailsContributor {

	/**
	 * Add details.
	 * @param details takes a name and a value (a map, string or number that JSON can
	 * show)
	 */
	void contribute(BiConsumer<String, Object> details);

}
