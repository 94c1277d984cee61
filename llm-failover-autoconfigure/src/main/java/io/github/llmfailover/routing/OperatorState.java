package io.github.llmfailover.routing;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * What operators set on a provider through the actuator, its weight and enabled flag,
 * beside the configured values a reset returns to. Only an operator (or the fleet passing
 * one's change on) moves them; the provider's answers never do, so they stay apart from
 * the cooldown, rate limit and circuit that its answers drive.
 */
final class OperatorState {

	// Logged under the provider's category, which operators know and filter on.
	private static final Log logger = LogFactory.getLog(RoutedProvider.class);

	private final String provider;

	private final int configuredWeight;

	private final boolean configuredEnabled;

	private volatile int weight;

	private volatile boolean enabled;

	OperatorState(String provider, int weight, boolean enabled) {
		this.provider = provider;
		this.configuredWeight = weight;
		this.configuredEnabled = enabled;
		this.weight = weight;
		this.enabled = enabled;
	}

	/**
	 * The weight in effect now, which operators may have changed.
	 * @return the weight; 0 takes the provider out of rotation
	 */
	int weight() {
		return this.weight;
	}

	/**
	 * The weight in the configuration, which a reset returns to.
	 * @return the weight
	 */
	int configuredWeight() {
		return this.configuredWeight;
	}

	boolean enabled() {
		return this.enabled;
	}

	/**
	 * What a reset returns to, for its log line.
	 * @return the configured weight and enabled flag
	 */
	String configuration() {
		return "weight " + this.configuredWeight + ", enabled " + this.configuredEnabled;
	}

	/**
	 * Whether operators leave the provider in rotation: enabled, with a weight.
	 * @return {@code true} if so
	 */
	boolean admits() {
		return this.enabled && this.weight > 0;
	}

	/**
	 * Apply the weight and enabled flag of an operator's change, and log each; the
	 * change's other parts are not this state's.
	 * @param change the change, already checked
	 */
	void apply(ProviderChange change) {
		if (change.weight() != null) {
			int previous = this.weight;
			this.weight = change.weight();
			logger.info("LLM provider '" + this.provider + "': weight changed from " + previous + " to " + this.weight);
		}
		if (change.enabled() != null) {
			boolean previous = this.enabled;
			this.enabled = change.enabled();
			logger
				.info("LLM provider '" + this.provider + "': enabled changed from " + previous + " to " + this.enabled);
		}
	}

	/**
	 * Return to the configured weight and enabled flag.
	 */
	void reset() {
		this.weight = this.configuredWeight;
		this.enabled = this.configuredEnabled;
	}

	/**
	 * Why operators keep the provider out of rotation, for error messages.
	 * @return a short reason, or {@code null} when they do not
	 */
	@Nullable String unavailableReason() {
		if (!this.enabled) {
			return this.provider + " disabled";
		}
		if (this.weight == 0) {
			return this.provider + " has weight 0";
		}
		return null;
	}

}
