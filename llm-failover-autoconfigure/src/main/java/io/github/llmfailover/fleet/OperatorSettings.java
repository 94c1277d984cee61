package io.github.llmfailover.fleet;

import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import org.jspecify.annotations.Nullable;

import io.github.llmfailover.routing.ProviderChange;
import io.github.llmfailover.routing.ProviderRegistry;
import io.github.llmfailover.routing.ProviderSnapshot;

/**
 * What operators changed on a provider since its configuration (or its last reset), as
 * shared in Redis: {@code weight;enabled;circuit}, {@code -} for what follows the
 * configuration. Only changes are shared, so an instance started later with another
 * configured weight keeps it unless an operator set one.
 *
 * @param weight the weight set by an operator, or {@code null}
 * @param enabled the enabled flag set by an operator, or {@code null}
 * @param circuit {@code FORCED_OPEN} or {@code DISABLED} when forced, or {@code null}
 */
record OperatorSettings(@Nullable Integer weight, @Nullable Boolean enabled, @Nullable State circuit) {

	/** No change: the configuration. */
	static final OperatorSettings NONE = new OperatorSettings(null, null, null);

	private static final String UNSET = "-";

	/** These settings after one more change. */
	OperatorSettings merge(ProviderChange change) {
		if (change.reset()) {
			return NONE;
		}
		State circuit = this.circuit;
		if (change.circuitState() != null) {
			circuit = (change.circuitState() == State.CLOSED) ? null : change.circuitState();
		}
		return new OperatorSettings((change.weight() != null) ? change.weight() : this.weight,
				(change.enabled() != null) ? change.enabled() : this.enabled, circuit);
	}

	String encode() {
		return text(this.weight) + ";" + text(this.enabled) + ";" + text(this.circuit);
	}

	/**
	 * Read settings as stored: {@code seq;weight;enabled;circuit}.
	 * @return the sequence number and the settings, or {@code null} if unreadable
	 */
	static @Nullable Sequenced decode(String text) {
		String[] parts = text.split(";", -1);
		if (parts.length != 4) {
			return null;
		}
		try {
			return new Sequenced(Long.parseLong(parts[0]),
					new OperatorSettings(UNSET.equals(parts[1]) ? null : Integer.valueOf(parts[1]),
							UNSET.equals(parts[2]) ? null : Boolean.valueOf(parts[2]),
							UNSET.equals(parts[3]) ? null : State.valueOf(parts[3])));
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/**
	 * Bring a provider to these settings, its configuration where they set nothing.
	 * @param registry the providers
	 * @param provider the provider's name
	 * @param configuredEnabled whether its configuration enables it
	 */
	void applyTo(ProviderRegistry registry, String provider, boolean configuredEnabled) {
		ProviderSnapshot now = registry.find(provider).orElse(null);
		if (now == null) {
			return;
		}
		int weight = (this.weight != null) ? this.weight : now.configuredWeight();
		boolean enabled = (this.enabled != null) ? this.enabled : configuredEnabled;
		State circuit = null;
		if (this.circuit != null && now.circuitState() != this.circuit) {
			circuit = this.circuit;
		}
		else if (this.circuit == null
				&& (now.circuitState() == State.FORCED_OPEN || now.circuitState() == State.DISABLED)) {
			circuit = State.CLOSED;
		}
		if (weight != now.weight() || enabled != now.enabled() || circuit != null) {
			registry.update(provider, new ProviderChange((weight != now.weight()) ? weight : null,
					(enabled != now.enabled()) ? enabled : null, circuit, false));
		}
	}

	private static String text(@Nullable Object value) {
		return (value != null) ? value.toString() : UNSET;
	}

	/**
	 * Settings with the sequence number that orders the changes of one provider.
	 *
	 * @param sequence an instance applies a newer one only
	 * @param settings the settings
	 */
	record Sequenced(long sequence, OperatorSettings settings) {
	}

}
