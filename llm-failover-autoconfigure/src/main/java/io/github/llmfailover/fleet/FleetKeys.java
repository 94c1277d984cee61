package io.github.llmfailover.fleet;

import java.util.List;

/**
 * The names fleet mode uses in Redis. The prefix is a hash tag, so that every key of one
 * application lands in the same Redis Cluster slot and one script can read them all.
 * Names hold provider names and window numbers only: never keys, prompts or answers.
 */
final class FleetKeys {

	private final String prefix;

	/**
	 * @param prefix what keeps this application's keys apart from others on the same
	 * Redis, usually derived from the application's name
	 */
	FleetKeys(String prefix) {
		this.prefix = "{" + prefix + "}:";
	}

	/** Pub/sub channel of every change. */
	String channel() {
		return this.prefix + "events";
	}

	/** Until when the provider's circuit is open (epoch ms), expiring then. */
	String open(String provider) {
		return this.prefix + "open:" + provider;
	}

	/** Until when the provider cools down (epoch ms), expiring then. */
	String cooldown(String provider) {
		return this.prefix + "cooldown:" + provider;
	}

	/** Hash of operator changes by provider, each with its sequence number. */
	String operator() {
		return this.prefix + "operator";
	}

	/** Sorted set of live instances, scored by their last sync. */
	String instances() {
		return this.prefix + "instances";
	}

	/** Requests and tokens of one provider in one rate-limit window. */
	String rate(String provider, long window) {
		return this.prefix + "rate:" + provider + ":" + window;
	}

	/**
	 * What a provider's answers cost in one period, e.g. {@code d:2026-11-30} or
	 * {@code m:2026-11}.
	 */
	String spend(String provider, String period) {
		return this.prefix + "spend:" + provider + ":" + period;
	}

	/**
	 * Every key the sync script reads: operator hash, instances, open and cooldown keys.
	 */
	List<String> syncKeys(List<String> providers) {
		List<String> keys = new java.util.ArrayList<>(2 + 2 * providers.size());
		keys.add(operator());
		keys.add(instances());
		providers.forEach((provider) -> keys.add(open(provider)));
		providers.forEach((provider) -> keys.add(cooldown(provider)));
		return keys;
	}

}
