package io.github.llmfailover.fleet;

import org.jspecify.annotations.Nullable;

/**
 * One change as it travels on the fleet's channel: {@code type|instance|value|provider}.
 * The provider's name comes last so that it may hold any character.
 *
 * @param type what changed
 * @param instance the instance that made the change
 * @param value until when (epoch ms) for {@code open} and {@code cooldown}, the settings
 * for {@code operator} and {@code reset}, empty for {@code closed}
 * @param provider the provider's name
 */
record FleetMessage(Type type, String instance, String value, String provider) {

	String encode() {
		return this.type.name().toLowerCase(java.util.Locale.ROOT) + "|" + this.instance + "|" + this.value + "|"
				+ this.provider;
	}

	/** The head of a message whose value and provider a script appends. */
	static String head(Type type, String instance) {
		return type.name().toLowerCase(java.util.Locale.ROOT) + "|" + instance;
	}

	static @Nullable FleetMessage decode(String text) {
		String[] parts = text.split("\\|", 4);
		if (parts.length != 4) {
			return null;
		}
		try {
			return new FleetMessage(Type.valueOf(parts[0].toUpperCase(java.util.Locale.ROOT)), parts[1], parts[2],
					parts[3]);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	enum Type {

		/** A circuit opened until the value. */
		OPEN,

		/** A circuit closed: the provider is healthy again. */
		CLOSED,

		/** A Retry-After cooldown until the value. */
		COOLDOWN,

		/** An operator changed weight, enabled flag or forced circuit. */
		OPERATOR,

		/** An operator returned the provider to its configuration. */
		RESET

	}

}
