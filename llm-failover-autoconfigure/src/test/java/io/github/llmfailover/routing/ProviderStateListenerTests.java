package io.github.llmfailover.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.routing.FailoverHarness.Built;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What {@link ProviderStateListener}s hear, and the changes another instance can apply:
 * the hooks fleet mode is built on.
 */
class ProviderStateListenerTests {

	private static final ChatRequest REQUEST = ChatRequest.of("Hello");

	private static final Duration LIMIT = Duration.ofSeconds(5);

	private final ScriptedProvider failing = new ScriptedProvider("failing");

	private final ScriptedProvider healthy = new ScriptedProvider("healthy");

	private final RecordingStateListener recorder = new RecordingStateListener();

	private final List<String> heard = this.recorder.heard;

	/** Listeners that throw are skipped: a request never fails because of one. */
	private final ProviderStateListener broken = new ProviderStateListener() {

		@Override
		public void circuitOpened(String provider, Instant until) {
			throw new IllegalStateException("broken listener");
		}

		@Override
		public void cooldownStarted(String provider, Instant until) {
			throw new IllegalStateException("broken listener");
		}

	};

	private final FailoverHarness harness = new FailoverHarness();

	private final Logger listenersLog = (Logger) LoggerFactory.getLogger(ProviderStateListeners.class);

	private final ListAppender<ILoggingEvent> listenerFailures = new ListAppender<>();

	/**
	 * The broken listener's failures are logged with their stack traces: kept here, where
	 * a test can check them, instead of in the build's output.
	 */
	@BeforeEach
	void captureListenerFailures() {
		this.listenerFailures.start();
		this.listenersLog.addAppender(this.listenerFailures);
		this.listenersLog.setAdditive(false);
	}

	@AfterEach
	void releaseListenerFailures() {
		this.listenersLog.setAdditive(true);
		this.listenersLog.detachAppender(this.listenerFailures);
	}

	private Built build() {
		return this.harness.provider("failing", 0, 1, this.failing)
			.provider("healthy", 1, 1, this.healthy)
			.breaker(new CircuitBreakerSettings(50, 4, 4, Duration.ofMillis(300), 1))
			.listener(this.broken)
			.listener(this.recorder)
			.build();
	}

	@Test
	void listenersHearACircuitOpenWithItsEndAndCloseWhenTrialCallsSucceed() {
		this.failing.then(() -> this.failing.status(500), () -> this.failing.status(500),
				() -> this.failing.status(500), () -> this.failing.status(500));
		Built built = build();
		long before = System.currentTimeMillis();
		for (int i = 0; i < 4; i++) {
			assertThat(built.client().chat(REQUEST).block(LIMIT).provider()).isEqualTo("healthy");
		}
		assertThat(this.heard).hasSize(1);
		assertThat(this.listenerFailures.list).singleElement().satisfies((event) -> {
			assertThat(event.getLevel()).isEqualTo(Level.WARN);
			assertThat(event.getFormattedMessage())
				.isEqualTo("ProviderStateListener " + this.broken.getClass().getName() + " failed");
			assertThat(event.getThrowableProxy().getMessage()).isEqualTo("broken listener");
		});
		long until = Long.parseLong(this.heard.get(0).substring("opened failing until ".length()));
		assertThat(until - before).isBetween(300L, 300L + LIMIT.toMillis());
		await().atMost(LIMIT).until(() -> built.registry().find("failing").orElseThrow().inRotation());
		assertThat(built.client().chat(REQUEST).block(LIMIT).provider()).isEqualTo("failing");
		assertThat(this.heard).last().isEqualTo("closed failing");
	}

	@Test
	void listenersHearCooldownsAndOperatorChanges() {
		this.failing.then(() -> this.failing.status(429, null, Duration.ofSeconds(20), null));
		Built built = build();
		assertThat(built.client().chat(REQUEST).block(LIMIT).provider()).isEqualTo("healthy");
		ProviderRegistry registry = built.registry();
		registry.update("failing", ProviderChange.weight(4));
		registry.update("failing", ProviderChange.enabled(false));
		registry.update("failing", ProviderChange.circuitState(State.FORCED_OPEN));
		registry.update("failing", ProviderChange.resetToConfiguration());
		assertThat(this.heard).containsExactly("cooldown failing", "changed failing " + ProviderChange.weight(4),
				"changed failing " + ProviderChange.enabled(false),
				"changed failing " + ProviderChange.circuitState(State.FORCED_OPEN),
				"changed failing " + ProviderChange.resetToConfiguration());
	}

	@Test
	void anOpenCircuitFromElsewhereKeepsItsEndAndClosesWhenToldTo() {
		Built built = build();
		ProviderRegistry registry = built.registry();
		Instant until = Instant.ofEpochMilli(System.currentTimeMillis() + 20_000);
		assertThat(registry.openCircuitUntil("failing", until)).isTrue();
		assertThat(registry.find("failing").orElseThrow().inRotation()).isFalse();
		assertThat(this.heard).containsExactly("opened failing until " + until.toEpochMilli());
		assertThat(built.client().chat(REQUEST).block(LIMIT).provider()).isEqualTo("healthy");
		// An earlier end does not shorten it.
		registry.openCircuitUntil("failing", until.minusSeconds(10));
		assertThat(this.heard).hasSize(1);
		registry.closeCircuit("failing");
		assertThat(registry.find("failing").orElseThrow().inRotation()).isTrue();
		assertThat(this.heard).last().isEqualTo("closed failing");
		// A circuit an operator forced stays as the operator left it.
		registry.update("failing", ProviderChange.circuitState(State.FORCED_OPEN));
		registry.closeCircuit("failing");
		registry.openCircuitUntil("failing", until);
		assertThat(registry.find("failing").orElseThrow().circuitState()).isEqualTo(State.FORCED_OPEN);
		assertThat(registry.openCircuitUntil("unknown", until)).isFalse();
	}

	@Test
	void aCooldownFromElsewhereTakesTheProviderOutUntilItEnds() {
		Built built = build();
		ProviderRegistry registry = built.registry();
		Instant until = Instant.ofEpochMilli(System.currentTimeMillis() + 20_000);
		registry.coolDownUntil("failing", until);
		assertThat(registry.find("failing").orElseThrow().cooldownUntil()).isEqualTo(until);
		registry.coolDownUntil("failing", until.minusSeconds(5));
		assertThat(registry.find("failing").orElseThrow().cooldownUntil()).isEqualTo(until);
		assertThat(built.client().chat(REQUEST).block(LIMIT).provider()).isEqualTo("healthy");
		this.harness.clock.advance(Duration.ofSeconds(21));
		assertThat(registry.find("failing").orElseThrow().inRotation()).isTrue();
	}

}
