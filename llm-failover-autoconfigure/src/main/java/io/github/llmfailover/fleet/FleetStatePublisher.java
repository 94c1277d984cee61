package io.github.llmfailover.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import reactor.core.publisher.Mono;

import io.github.llmfailover.fleet.FleetMessage.Type;
import io.github.llmfailover.routing.ProviderChange;
import io.github.llmfailover.routing.ProviderRegistry;
import io.github.llmfailover.routing.ProviderSnapshot;
import io.github.llmfailover.routing.ProviderStateListener;

/**
 * Shares this instance's changes with the fleet: each is written to Redis, with a TTL,
 * and announced on the fleet's channel, in one round trip that the change never waits
 * for. Changes applied from other instances are not echoed back. While Redis is
 * unreachable, changes stay local and are shared when it is back.
 */
public final class FleetStatePublisher implements ProviderStateListener {

	/** Set while a change from another instance is applied on this thread. */
	private static final ThreadLocal<Boolean> applyingShared = new ThreadLocal<>();

	private final FleetConnection fleet;

	private final Duration operatorTtl;

	/** Open circuits of this instance by provider, to share after an outage. */
	private final Map<String, Long> openUntil = new ConcurrentHashMap<>();

	/** What operators changed on each provider, here or elsewhere. */
	private final Map<String, OperatorSettings> operatorSettings = new ConcurrentHashMap<>();

	/** The newest operator change applied or made here, by provider. */
	private final Map<String, Long> operatorSequences = new ConcurrentHashMap<>();

	/** Providers whose operator changes could not be shared yet. */
	private final Set<String> unsharedOperatorChanges = ConcurrentHashMap.newKeySet();

	/**
	 * A publisher.
	 * @param fleet the connection to the fleet
	 * @param operatorTtl how long operator changes outlive the last instance
	 */
	public FleetStatePublisher(FleetConnection fleet, Duration operatorTtl) {
		this.fleet = fleet;
		this.operatorTtl = operatorTtl;
	}

	Duration operatorTtl() {
		return this.operatorTtl;
	}

	@Override
	public void circuitOpened(String provider, Instant until) {
		if (isLocal()) {
			this.openUntil.put(provider, until.toEpochMilli());
			hold(Type.OPEN, this.fleet.keys().open(provider), provider, until.toEpochMilli());
		}
	}

	@Override
	public void circuitClosed(String provider) {
		if (!isLocal()) {
			return;
		}
		this.openUntil.remove(provider);
		if (this.fleet.isConnected()) {
			FleetMessage message = new FleetMessage(Type.CLOSED, this.fleet.instanceId(), "", provider);
			this.fleet.fireAndForget(FleetScripts.RELEASE, List.of(this.fleet.keys().open(provider)),
					List.of(this.fleet.keys().channel(), message.encode()));
		}
	}

	@Override
	public void cooldownStarted(String provider, Instant until) {
		if (isLocal()) {
			hold(Type.COOLDOWN, this.fleet.keys().cooldown(provider), provider, until.toEpochMilli());
		}
	}

	/**
	 * Shared as a cooldown: the budget the headers spoke of belongs to the API key that
	 * every instance uses, so the others hold back until the reset too.
	 */
	@Override
	public void rateLimitReached(String provider, Instant until) {
		cooldownStarted(provider, until);
	}

	@Override
	public void operatorChanged(String provider, ProviderChange change) {
		if (!isLocal()) {
			return;
		}
		if (change.reset()) {
			this.openUntil.remove(provider);
		}
		this.operatorSettings.merge(provider, OperatorSettings.NONE.merge(change),
				(current, ignored) -> current.merge(change));
		shareOperatorSettings(provider, change.reset() ? Type.RESET : Type.OPERATOR);
	}

	private void hold(Type type, String key, String provider, long untilMillis) {
		long ttl = untilMillis - this.fleet.clock().millis();
		if (ttl <= 0 || !this.fleet.isConnected()) {
			return;
		}
		FleetMessage message = new FleetMessage(type, this.fleet.instanceId(), Long.toString(untilMillis), provider);
		this.fleet.fireAndForget(FleetScripts.HOLD, List.of(key),
				List.of(Long.toString(untilMillis), Long.toString(ttl), this.fleet.keys().channel(), message.encode()));
	}

	private void shareOperatorSettings(String provider, Type type) {
		if (!this.fleet.isConnected()) {
			this.unsharedOperatorChanges.add(provider);
			return;
		}
		FleetKeys keys = this.fleet.keys();
		List<String> redisKeys = (type == Type.RESET)
				? List.of(keys.operator(), keys.open(provider), keys.cooldown(provider)) : List.of(keys.operator());
		OperatorSettings settings = this.operatorSettings.getOrDefault(provider, OperatorSettings.NONE);
		this.fleet
			.run(FleetScripts.OPERATOR, redisKeys,
					List.of(provider, settings.encode(), Long.toString(this.operatorTtl.toMillis()), keys.channel(),
							FleetMessage.head(type, this.fleet.instanceId())))
			.doOnNext((sequence) -> this.operatorSequences.merge(provider, sequence, Math::max))
			.switchIfEmpty(Mono.fromRunnable(() -> this.unsharedOperatorChanges.add(provider)))
			.subscribe();
	}

	/**
	 * Share what changed here while Redis was unreachable: circuits still open, cooldowns
	 * still running, operator changes.
	 * @param registry the providers
	 */
	void shareLocalState(ProviderRegistry registry) {
		long now = this.fleet.clock().millis();
		for (ProviderSnapshot provider : registry.providers()) {
			String name = provider.name();
			Long open = this.openUntil.get(name);
			if (open != null && open > now && provider.circuitState() == State.OPEN) {
				hold(Type.OPEN, this.fleet.keys().open(name), name, open);
			}
			Instant cooldown = provider.cooldownUntil();
			if (cooldown != null) {
				hold(Type.COOLDOWN, this.fleet.keys().cooldown(name), name, cooldown.toEpochMilli());
			}
			if (this.unsharedOperatorChanges.remove(name)) {
				shareOperatorSettings(name, Type.OPERATOR);
			}
		}
	}

	/**
	 * Take operator settings from the fleet if they are newer than what this instance
	 * has.
	 * @param provider the provider's name
	 * @param sequenced the settings and their sequence number
	 * @return {@code true} when they are newer and now this instance's
	 */
	boolean adopt(String provider, OperatorSettings.Sequenced sequenced) {
		boolean[] newer = new boolean[1];
		this.operatorSequences.compute(provider, (name, current) -> {
			newer[0] = current == null || sequenced.sequence() > current;
			return newer[0] ? sequenced.sequence() : current;
		});
		if (newer[0]) {
			this.operatorSettings.put(provider, sequenced.settings());
		}
		return newer[0];
	}

	/**
	 * Apply a change that came from another instance, without sharing it again.
	 * @param change the change
	 */
	static void applyShared(Runnable change) {
		applyingShared.set(Boolean.TRUE);
		try {
			change.run();
		}
		finally {
			applyingShared.remove();
		}
	}

	private static boolean isLocal() {
		return applyingShared.get() == null;
	}

}
