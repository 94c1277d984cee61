package io.github.llmfailover.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

import org.springframework.context.SmartLifecycle;

import io.github.llmfailover.routing.ProviderChange;
import io.github.llmfailover.routing.ProviderRegistry;
import io.github.llmfailover.routing.ProviderSnapshot;

/**
 * Brings the other instances' changes to this one: pushed on the fleet's pub/sub channel
 * as they happen, and read back every {@code sync-interval} as a backstop for messages
 * missed while this instance started or Redis was away. The same read registers this
 * instance as alive and tells when Redis is back, at which point what changed here
 * meanwhile is shared.
 */
public final class FleetStateSync implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(FleetStateSync.class);

	/**
	 * How long a sync may take while Redis is unreachable: it opens the connection
	 * (blocking, bounded by the client's connect timeout) or waits for the client to
	 * reconnect, and a shorter limit would only start the next attempt beside it.
	 */
	private static final Duration RECONNECT_LIMIT = Duration.ofSeconds(30);

	private final ProviderRegistry registry;

	private final FleetConnection fleet;

	private final FleetStatePublisher publisher;

	private final Duration interval;

	private final List<String> providers;

	/** Whether each provider is enabled in the configuration, as the registry started. */
	private final Map<String, Boolean> configuredEnabled;

	private volatile @Nullable Disposable messages;

	private volatile @Nullable Disposable syncs;

	/**
	 * A sync.
	 * @param registry the providers to apply changes to
	 * @param fleet the connection to the fleet
	 * @param publisher shares this instance's changes
	 * @param interval how often to read the fleet's state as a backstop
	 */
	public FleetStateSync(ProviderRegistry registry, FleetConnection fleet, FleetStatePublisher publisher,
			Duration interval) {
		this.registry = registry;
		this.fleet = fleet;
		this.publisher = publisher;
		this.interval = interval;
		List<ProviderSnapshot> snapshots = registry.providers();
		this.providers = snapshots.stream().map(ProviderSnapshot::name).toList();
		this.configuredEnabled = snapshots.stream()
			.collect(Collectors.toUnmodifiableMap(ProviderSnapshot::name, ProviderSnapshot::enabled));
	}

	@Override
	public void start() {
		this.messages = this.fleet.messages()
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(100))
				.maxBackoff(this.interval)
				.doBeforeRetry((signal) -> this.fleet.unreachable(signal.failure())))
			.subscribe(this::onMessage);
		this.syncs = Flux.interval(Duration.ZERO, this.interval)
			.onBackpressureDrop()
			.concatMap((tick) -> sync(), 0)
			.subscribe();
	}

	@Override
	public void stop() {
		dispose(this.messages);
		dispose(this.syncs);
		this.messages = null;
		this.syncs = null;
	}

	@Override
	public boolean isRunning() {
		return this.syncs != null;
	}

	private static void dispose(@Nullable Disposable disposable) {
		if (disposable != null) {
			disposable.dispose();
		}
	}

	/**
	 * Read the fleet's state once and apply it.
	 * @return completes when done; never fails
	 */
	Mono<Void> sync() {
		FleetKeys keys = this.fleet.keys();
		long now = this.fleet.clock().millis();
		long presenceTtl = Math.max(3 * this.interval.toMillis(), 5_000);
		return this.fleet
			.runForList(FleetScripts.SYNC, keys.syncKeys(this.providers),
					List.of(this.fleet.instanceId(), Long.toString(now), Long.toString(presenceTtl),
							Long.toString(this.publisher.operatorTtl().toMillis())),
					this.fleet.isConnected() ? this.interval : RECONNECT_LIMIT)
			.subscribeOn(Schedulers.boundedElastic())
			.doOnNext(this::apply)
			.onErrorResume((ex) -> {
				logger.warn("Could not apply the LLM fleet's state", ex);
				return Mono.empty();
			})
			.then();
	}

	private void apply(List<Object> state) {
		boolean recovered = this.fleet.reached();
		this.fleet.instances(Integer.parseInt(text(state.get(0))));
		int count = this.providers.size();
		FleetStatePublisher.applyShared(() -> {
			for (int i = 0; i < count; i++) {
				String provider = this.providers.get(i);
				String open = text(state.get(1 + i));
				if (!open.isEmpty()) {
					this.registry.openCircuitUntil(provider, Instant.ofEpochMilli(Long.parseLong(open)));
				}
				String cooldown = text(state.get(1 + count + i));
				if (!cooldown.isEmpty()) {
					this.registry.coolDownUntil(provider, Instant.ofEpochMilli(Long.parseLong(cooldown)));
				}
			}
			List<Object> operator = state.subList(1 + 2 * count, state.size());
			for (int i = 0; i + 1 < operator.size(); i += 2) {
				applyOperator(text(operator.get(i)), text(operator.get(i + 1)), false);
			}
		});
		if (recovered) {
			this.publisher.shareLocalState(this.registry);
		}
	}

	private void onMessage(String text) {
		FleetMessage message = FleetMessage.decode(text);
		if (message == null || message.instance().equals(this.fleet.instanceId())) {
			return;
		}
		String provider = message.provider();
		if (!this.configuredEnabled.containsKey(provider)) {
			return;
		}
		FleetStatePublisher.applyShared(() -> {
			switch (message.type()) {
				case OPEN ->
					this.registry.openCircuitUntil(provider, Instant.ofEpochMilli(Long.parseLong(message.value())));
				case CLOSED -> this.registry.closeCircuit(provider);
				case COOLDOWN ->
					this.registry.coolDownUntil(provider, Instant.ofEpochMilli(Long.parseLong(message.value())));
				case OPERATOR -> applyOperator(provider, message.value(), false);
				case RESET -> applyOperator(provider, message.value(), true);
			}
		});
	}

	private void applyOperator(String provider, String value, boolean reset) {
		OperatorSettings.Sequenced sequenced = OperatorSettings.decode(value);
		Boolean configuredEnabled = this.configuredEnabled.get(provider);
		if (sequenced == null || configuredEnabled == null || !this.publisher.adopt(provider, sequenced)) {
			return;
		}
		if (reset) {
			this.registry.update(provider, ProviderChange.resetToConfiguration());
		}
		else {
			sequenced.settings().applyTo(this.registry, provider, configuredEnabled);
		}
	}

	private static String text(@Nullable Object value) {
		return (value != null) ? value.toString() : "";
	}

}
